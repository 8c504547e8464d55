// The OCPP message log over the in-process bus and real HTTP: `ocpp.frames.v1` batches (as the
// gateway publishes them) stored in the day partitions of `ocpp_frames`, read back through
// GET /api/v1/stations/{id}/messages; the retention pass and late frames.
import type { LoggedFrame, OcppFramesBatch } from '@voltlane/contracts';
import { uniqueName } from '@voltlane/testing';
import { ServiceTestApi, type HttpAnswer } from '@voltlane/testing/medium';
import { stationApiModule, startStationService, type StationServiceHandle } from '../src';

class StationTestApi extends ServiceTestApi<StationServiceHandle> {
  static start(): Promise<StationTestApi> {
    return ServiceTestApi.launch(
      {
        start: startStationService,
        service: 'station-service',
        env: { STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS: '7' },
        modules: (service) => [stationApiModule(service)],
        apiPath: '/api/v1/stations',
      },
      (started) => new StationTestApi(started),
    );
  }
}

const DAY_MS = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const secondsAgo = (s: number): string => ago(s * 1000);
const dayOf = (at: Date): string => at.toISOString().slice(0, 10).replace(/-/g, '');
/** The message ids of a page of the message log. */
const ids = (answer: HttpAnswer<{ items: { messageId: string | null }[] }>): (string | null)[] => answer.body.items.map((i) => i.messageId);
const dayStart = (at: Date): string => `${at.toISOString().slice(0, 10)}T00:00:00.000Z`;

describe('message log (medium)', () => {
  let api: StationTestApi;
  let batches = 0;

  beforeAll(async () => {
    api = await StationTestApi.start();
  });

  afterAll(async () => {
    await api?.stop();
  });

  async function station(prefix: string): Promise<string> {
    const id = uniqueName(prefix);
    await api.service.policy.set(id, 'Accepted');
    return id;
  }

  function frame(stationId: string, at: string, direction: 'in' | 'out', text: unknown, action: string | null = null): LoggedFrame {
    return {
      stationId,
      connectionId: `conn-${stationId}`,
      direction,
      at,
      action,
      frame: typeof text === 'string' ? text : JSON.stringify(text),
    };
  }

  /** Publishes the frames as one `ocpp.frames.v1` record and waits until the service handled it. */
  async function publish(...frames: LoggedFrame[]): Promise<void> {
    const batch: OcppFramesBatch = { gatewayInstance: `gw-${++batches}`, frames };
    await api.harness.publish('OcppFrames', batch.gatewayInstance, batch);
    await api.harness.settle();
  }

  function messages(stationId: string, query: Record<string, string | number> = {}): Promise<HttpAnswer> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return api.call('GET', `/${encodeURIComponent(stationId)}/messages${search ? `?${search}` : ''}`, undefined, 'read');
  }

  async function partitions(): Promise<string[]> {
    const rows = await api.harness.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'ocpp_frames'::regclass`,
    );
    return rows.map((r) => r.name).sort();
  }

  it('stores every frame of a batch and filters a station window by action, message id and direction (read scope)', async () => {
    const id = await station('log');
    const other = await station('other');
    await publish(
      frame(id, secondsAgo(60), 'in', [2, 'b-1', 'BootNotification', { reason: 'PowerUp' }], 'BootNotification'),
      frame(id, secondsAgo(59), 'out', [3, 'b-1', { status: 'Accepted', interval: 300 }], 'BootNotification'),
      frame(other, secondsAgo(58), 'in', [2, 'h-0', 'Heartbeat', {}], 'Heartbeat'),
      frame(id, secondsAgo(50), 'in', [2, 'h-1', 'Heartbeat', {}], 'Heartbeat'),
      frame(id, secondsAgo(49), 'out', [3, 'h-1', { currentTime: '2026-12-07T00:00:00.000Z' }], 'Heartbeat'),
      frame(id, secondsAgo(40), 'out', [2, 'r-1', 'Reset', { type: 'Soft' }], 'Reset'),
      frame(id, secondsAgo(39), 'in', [4, 'r-1', 'NotSupported', 'no', {}], 'Reset'),
    );

    const all = await messages(id);
    expect(all.status).toBe(200);
    expect(all.body.next).toBeNull();
    expect(all.body.items).toHaveLength(6);
    expect(all.body.items[0]).toEqual({
      at: expect.any(String),
      direction: 'in',
      messageType: 'CALL',
      messageId: 'b-1',
      action: 'BootNotification',
      connectionId: `conn-${id}`,
      frame: [2, 'b-1', 'BootNotification', { reason: 'PowerUp' }],
      truncated: false,
    });
    expect(all.body.items.map((i: { messageType: string; messageId: string }) => `${i.messageType}:${i.messageId}`)).toEqual([
      'CALL:b-1',
      'CALLRESULT:b-1',
      'CALL:h-1',
      'CALLRESULT:h-1',
      'CALL:r-1',
      'CALLERROR:r-1',
    ]);
    const ats = all.body.items.map((i: { at: string }) => Date.parse(i.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));

    expect(ids(await messages(id, { action: 'Heartbeat' }))).toEqual(['h-1', 'h-1']);
    expect(ids(await messages(id, { messageId: 'r-1' }))).toEqual(['r-1', 'r-1']);
    expect((await messages(id, { direction: 'out' })).body.items.map((i: { direction: string }) => i.direction)).toEqual([
      'out',
      'out',
      'out',
    ]);
    expect(ids(await messages(id, { direction: 'in', action: 'Reset' }))).toEqual(['r-1']);
    expect(ids(await messages(id, { messageId: 'h-0' }))).toEqual([]);
    expect(ids(await messages(other))).toEqual(['h-0']);
  });

  it('answers the last hour by default, and the window asked for (from inclusive, to exclusive)', async () => {
    const id = await station('window');
    const threeHours = ago(3 * 3_600_000);
    const twoHours = ago(2 * 3_600_000);
    await publish(
      frame(id, threeHours, 'in', [2, 'old', 'Heartbeat', {}], 'Heartbeat'),
      frame(id, twoHours, 'in', [2, 'older', 'Heartbeat', {}], 'Heartbeat'),
      frame(id, secondsAgo(30), 'in', [2, 'recent', 'Heartbeat', {}], 'Heartbeat'),
    );
    const plusMs = (at: string, ms: number): string => new Date(Date.parse(at) + ms).toISOString();
    expect(ids(await messages(id))).toEqual(['recent']);
    expect(ids(await messages(id, { from: ago(4 * 3_600_000) }))).toEqual(['old', 'older', 'recent']);
    expect(ids(await messages(id, { from: ago(4 * 3_600_000), to: twoHours }))).toEqual(['old']);
    expect(ids(await messages(id, { from: twoHours, to: plusMs(twoHours, 1) }))).toEqual(['older']);
    expect(ids(await messages(id, { from: plusMs(threeHours, 1), to: plusMs(twoHours, 1) }))).toEqual(['older']);
  });

  it('pages oldest first with the next cursor, frames of the same instant in the order they came', async () => {
    const id = await station('paging');
    const same = secondsAgo(20);
    const frames = Array.from({ length: 7 }, (_, n) =>
      frame(id, n < 4 ? same : secondsAgo(10 - n), 'in', [2, `m-${n}`, 'Heartbeat', {}], 'Heartbeat'),
    );
    await publish(...frames.slice(0, 3));
    await publish(...frames.slice(3));

    const seen: string[] = [];
    const nexts: (string | null)[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const answer = await messages(id, { limit: 3, ...(after ? { after } : {}) });
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((i: { messageId: string }) => i.messageId));
      nexts.push(answer.body.next);
      if (answer.body.next === null) break;
      after = answer.body.next;
    }
    expect(seen).toEqual(['m-0', 'm-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6']);
    expect(nexts).toEqual([expect.any(String), expect.any(String), null]);
    // Filters apply across pages too.
    const first = await messages(id, { limit: 1, messageId: 'm-5' });
    expect(first.body.items.map((i: { messageId: string }) => i.messageId)).toEqual(['m-5']);
    expect(first.body.next).toBeNull();
  });

  it('keeps a frame that is not JSON as text, and classifies a truncated one from its beginning', async () => {
    const id = await station('garbage');
    await publish(
      frame(id, secondsAgo(30), 'in', 'hello, not { json'),
      frame(id, secondsAgo(29), 'in', '{"an":"object"}'),
      frame(id, secondsAgo(28), 'in', 'nul \u0000 inside'),
      { ...frame(id, secondsAgo(27), 'in', '[2,"t-1","DataTransfer",{"data":"aaaa', 'DataTransfer'), truncated: true },
    );
    const answer = await messages(id);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      expect.objectContaining({ frame: 'hello, not { json', messageType: null, messageId: null, action: null, truncated: false }),
      expect.objectContaining({ frame: { an: 'object' }, messageType: null, messageId: null }),
      expect.objectContaining({ frame: 'nul \uFFFD inside', messageType: null }),
      expect.objectContaining({
        frame: '[2,"t-1","DataTransfer",{"data":"aaaa',
        messageType: 'CALL',
        messageId: 't-1',
        action: 'DataTransfer',
        truncated: true,
      }),
    ]);
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 1001 }],
    ['limit', { limit: 'many' }],
    ['direction', { direction: 'sideways' }],
    ['from', { from: 'yesterday' }],
    ['to', { to: '2026-13-01T00:00:00Z' }],
    ['from', { from: secondsAgo(60), to: secondsAgo(120) }],
    ['to', { from: ago(8 * DAY_MS), to: secondsAgo(1) }],
    ['after', { after: 'not-a-cursor' }],
    ['after', { after: 'a+b' }],
    ['messageId', { messageId: 'x'.repeat(129) }],
    ['action', { action: '' }],
    ['sort', { sort: 'desc' }],
  ])('refuses a bad %s with a 400 problem naming it', async (parameter, query) => {
    const id = await station('bad');
    const answer = await messages(id, query);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    // SchemaPipe's and the window checks' `/<parameter> …`, or an unknown property `"<parameter>"`.
    expect(answer.body.detail).toMatch(new RegExp(`/${parameter}\\b|"${parameter}"`));
  });

  it('answers 404 for an unknown station, 401 without a key', async () => {
    const unknown = await messages(uniqueName('nobody'));
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    const id = await station('keyless');
    expect((await api.call('GET', `/${id}/messages`, undefined, 'none')).status).toBe(401);
  });

  it('drops partitions whose day ended more than the retention ago, and does not store late frames past it', async () => {
    const now = new Date();
    const expired = new Date(now.getTime() - 30 * DAY_MS);
    const kept = new Date(now.getTime() - 3 * DAY_MS);
    for (const day of [expired, kept]) {
      const next = new Date(Date.parse(dayStart(day)) + DAY_MS);
      await api.harness.query(
        `CREATE TABLE IF NOT EXISTS ocpp_frames_${dayOf(day)} PARTITION OF ocpp_frames FOR VALUES FROM ('${dayStart(day)}') TO ('${next.toISOString()}')`,
      );
    }
    const id = await station('retention');
    await api.harness.query(
      `INSERT INTO ocpp_frames (at, station_id, connection_id, direction, frame) VALUES ($1, $2, 'c', 'in', 'x'), ($3, $2, 'c', 'in', 'y')`,
      [expired, id, kept],
    );
    expect(await partitions()).toEqual(expect.arrayContaining([`ocpp_frames_${dayOf(expired)}`, `ocpp_frames_${dayOf(kept)}`]));

    const { dropped } = await api.service.messageLog.maintain();
    expect(dropped).toContain(dayOf(expired));
    const after = await partitions();
    expect(after).not.toContain(`ocpp_frames_${dayOf(expired)}`);
    expect(after).toContain(`ocpp_frames_${dayOf(kept)}`);
    // Made ahead: today and the next two days.
    for (const n of [0, 1, 2]) expect(after).toContain(`ocpp_frames_${dayOf(new Date(now.getTime() + n * DAY_MS))}`);
    expect(await api.harness.query(`SELECT frame FROM ocpp_frames WHERE station_id = $1 ORDER BY at`, [id])).toEqual([{ frame: 'y' }]);

    // A late frame past the retention is not stored (nor its day made again); one within it is.
    const late = new Date(now.getTime() - 10 * DAY_MS);
    await publish(
      frame(id, late.toISOString(), 'in', [2, 'late', 'Heartbeat', {}], 'Heartbeat'),
      frame(id, secondsAgo(5), 'in', [2, 'fresh', 'Heartbeat', {}], 'Heartbeat'),
    );
    expect(await partitions()).not.toContain(`ocpp_frames_${dayOf(late)}`);
    const stored = await api.harness.query<{ message_id: string | null }>(
      `SELECT message_id FROM ocpp_frames WHERE station_id = $1 ORDER BY at`,
      [id],
    );
    expect(stored.map((r) => r.message_id)).toEqual([null, 'fresh']);
  });

  it('makes the partition of a day it has not seen when a frame of it arrives', async () => {
    const id = await station('ondemand');
    const day = new Date(Date.now() - 5 * DAY_MS);
    await api.harness.query(`DROP TABLE IF EXISTS ocpp_frames_${dayOf(day)}`);
    await publish(frame(id, day.toISOString(), 'out', [2, 'd-1', 'Reset', { type: 'Hard' }], 'Reset'));
    expect(await partitions()).toContain(`ocpp_frames_${dayOf(day)}`);
    const answer = await messages(id, {
      from: new Date(day.getTime() - 60_000).toISOString(),
      to: new Date(day.getTime() + 60_000).toISOString(),
    });
    expect(answer.body.items.map((i: { messageId: string }) => i.messageId)).toEqual(['d-1']);
  });
});
