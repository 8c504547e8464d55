import pino from 'pino';
import type { LiveEvent } from '../domain/live-events';
import { LiveHub, type LiveSink } from './live-hub';

/** A sink that takes `capacity` writes before it reports full, recording what it got. */
class TestSink implements LiveSink {
  readonly written: string[] = [];
  ended = false;
  destroyed = false;
  constructor(public capacity = Infinity) {}
  write(text: string): boolean {
    this.written.push(text);
    return this.written.length < this.capacity;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The event lines written: `<id> <name> <data>`. */
  events(): string[] {
    return this.written
      .filter((t) => t.startsWith('id: '))
      .map((t) => {
        const [id, event, data] = t.trim().split('\n');
        return `${id.slice(4)} ${event.slice(7)} ${data.slice(6)}`;
      });
  }
}

const status = (stationId: string, status = 'Available'): LiveEvent => ({
  name: 'station.status',
  data: { stationId, connectorId: 1, status, at: '2026-12-07T10:00:00.000Z' },
});
const connection = (stationId: string): LiveEvent => ({
  name: 'station.connection',
  data: { stationId, type: 'Connected', at: '2026-12-07T10:00:00.000Z' },
});

function hub(options: { queueLimit?: number; keepAliveMs?: number } = {}): LiveHub {
  return new LiveHub({
    queueLimit: options.queueLimit ?? 3,
    keepAliveMs: options.keepAliveMs ?? 60_000,
    retryMs: 3000,
    logger: pino({ level: 'silent' }),
  });
}

describe('LiveHub', () => {
  it('starts each stream with retry and sends every event with the next id and its name', () => {
    const live = hub();
    expect(live.listening).toBe(false);
    const sink = new TestSink();
    live.attach(sink);
    expect(live.listening).toBe(true);
    live.publish(status('A'));
    live.publish(connection('B'));
    expect(sink.written[0]).toBe('retry: 3000\n\n');
    expect(sink.events()).toEqual([
      '1 station.status {"stationId":"A","connectorId":1,"status":"Available","at":"2026-12-07T10:00:00.000Z"}',
      '2 station.connection {"stationId":"B","type":"Connected","at":"2026-12-07T10:00:00.000Z"}',
    ]);
  });

  it('filters by station and by event name', () => {
    const live = hub();
    const onlyA = new TestSink();
    const onlyConnections = new TestSink();
    const bothFilters = new TestSink();
    live.attach(onlyA, { stationIds: new Set(['A']) });
    live.attach(onlyConnections, { names: new Set(['station.connection'] as const) });
    live.attach(bothFilters, { stationIds: new Set(['B']), names: new Set(['station.status'] as const) });
    live.publish(status('A'));
    live.publish(connection('A'));
    live.publish(status('B'));
    live.publish(connection('B'));
    const ids = (sink: TestSink) => sink.events().map((e) => e.split(' ').slice(0, 2).join(' '));
    expect(ids(onlyA)).toEqual(['1 station.status', '2 station.connection']);
    expect(ids(onlyConnections)).toEqual(['2 station.connection', '4 station.connection']);
    expect(ids(bothFilters)).toEqual(['3 station.status']);
  });

  it('queues while the sink is full, writes the queue in order when it drains, and drops a client whose queue overflows', () => {
    const live = hub({ queueLimit: 3 });
    const slow = new TestSink(2); // takes `retry` and one event, then is full
    const fast = new TestSink();
    const slowClient = live.attach(slow)!;
    live.attach(fast);
    for (const id of ['A', 'B', 'C', 'D']) live.publish(status(id)); // 1 written, 2-4 queued (3 = the limit)
    expect(slowClient.queued).toBe(3);
    expect(slow.events().map((e) => e.split(' ')[0])).toEqual(['1']);
    slow.capacity = Infinity;
    slowClient.drained();
    expect(slow.events().map((e) => e.split(' ')[0])).toEqual(['1', '2', '3', '4']);
    expect(slowClient.queued).toBe(0);

    slow.capacity = slow.written.length + 1; // full again after one more
    for (const id of ['E', 'F', 'G', 'H', 'I']) live.publish(status(id)); // 5 written, 6-8 queued, 9 overflows
    expect(slow.destroyed).toBe(true);
    expect(slow.ended).toBe(false);
    expect(live.clientCount).toBe(1);
    expect(live.droppedSlow).toBe(1);
    live.publish(status('J'));
    expect(slow.events().map((e) => e.split(' ')[0])).toEqual(['1', '2', '3', '4', '5']);
    // the other client got everything, undisturbed
    expect(fast.events().map((e) => e.split(' ')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('writes a keep-alive comment to every stream that is not waiting on its socket', () => {
    jest.useFakeTimers();
    try {
      const live = hub({ keepAliveMs: 15_000 });
      live.start();
      const idle = new TestSink();
      const full = new TestSink(1);
      live.attach(idle);
      live.attach(full);
      jest.advanceTimersByTime(15_000);
      expect(idle.written).toEqual(['retry: 3000\n\n', ': keep-alive\n\n']);
      jest.advanceTimersByTime(15_000);
      expect(idle.written.filter((t) => t === ': keep-alive\n\n')).toHaveLength(2);
      expect(full.written).toEqual(['retry: 3000\n\n']);
      live.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('forgets a client that went away, and on stop ends every stream and takes no new one', () => {
    const live = hub();
    const gone = new TestSink();
    const staying = new TestSink();
    live.attach(gone)!.gone();
    live.attach(staying);
    expect(live.clientCount).toBe(1);
    live.publish(status('A'));
    expect(gone.events()).toEqual([]);
    live.stop();
    expect([staying.ended, gone.ended, live.clientCount, live.open]).toEqual([true, false, 0, false]);
    expect(live.attach(new TestSink())).toBeUndefined();
  });

  it('costs nothing without clients: no id is used', () => {
    const live = hub();
    live.publish(status('A'));
    const sink = new TestSink();
    live.attach(sink);
    live.publish(status('B'));
    expect(sink.events().map((e) => e.split(' ')[0])).toEqual(['1']);
  });
});
