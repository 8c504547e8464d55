import { ReplyDeadlines } from './reply-deadlines';
import type { StationConnection } from './station-connection';

function fakeConnection(pending: string[]): StationConnection {
  return {
    closed: false,
    pendingCalls: new Map(pending.map((id) => [id, { action: 'Action', span: { end: () => undefined }, receivedAt: 0 }])),
  } as unknown as StationConnection;
}

describe('ReplyDeadlines', () => {
  it('expires only CALLs past their deadline that are still pending', () => {
    let now = 0;
    const deadlines = new ReplyDeadlines(100, () => now);
    const conn = fakeConnection(['a', 'b', 'c']);
    deadlines.add(conn, 'a');
    now = 50;
    deadlines.add(conn, 'b');
    deadlines.add(conn, 'c');
    conn.pendingCalls.delete('c'); // answered in time
    const expired: string[] = [];
    now = 120;
    deadlines.sweep((_c, id) => expired.push(id));
    expect(expired).toEqual(['a']);
    now = 200;
    deadlines.sweep((_c, id) => expired.push(id));
    expect(expired).toEqual(['a', 'b']);
    expect(deadlines.size).toBe(0);
  });

  it('skips CALLs of closed connections', () => {
    let now = 0;
    const deadlines = new ReplyDeadlines(10, () => now);
    const conn = fakeConnection(['x']);
    deadlines.add(conn, 'x');
    (conn as { closed: boolean }).closed = true;
    now = 20;
    const expired: string[] = [];
    deadlines.sweep((_c, id) => expired.push(id));
    expect(expired).toEqual([]);
  });
});
