import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

interface LoggedItem {
  at: string;
  direction: 'in' | 'out';
  messageType: string | null;
  messageId: string | null;
  action: string | null;
  connectionId: string;
  frame: unknown;
}

const BOOT = { chargePointVendor: 'Voltlane', chargePointModel: 'VL-AC22' };

/**
 * Issue #22, the OCPP message log, on the distributed stack: a real WebSocket station talks to the
 * gateway, which logs every frame in and out on ocpp.frames.v1 (Kafka); the station-service stores
 * them (PostgreSQL) and the operator API, through the api-edge, answers a station's log for a time
 * window, searchable by action, message id and direction, page by page.
 */
describe('the OCPP message log end to end', () => {
  let harness: StackHarness;
  let api: StackHarness['api'];
  let station: TestStation;
  const stationId = uniqueName('log');
  let commandId = '';

  const messages = async (query = '', key?: string): Promise<{ status: number; body: { items: LoggedItem[]; next: string | null } }> =>
    api.request('GET', `/api/v1/stations/${stationId}/messages${query}`, undefined, key ?? api.keys.read);
  const summary = (items: LoggedItem[]): string[] => items.map((i) => `${i.direction} ${i.messageType} ${i.action} ${i.messageId}`);

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station'],
      api: 'edge',
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
    api = harness.api;
    station = await harness.connect(stationId, 'ocpp1.6');
    station.onCall = (action, _payload, id) =>
      action === 'GetConfiguration'
        ? [3, id, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }]
        : undefined;
    // The service's consumer groups may still be joining: the first BootNotification may wait.
    await waitFor(async () => (await station.call('BootNotification', BOOT, 'boot-1'))[0] === 3, { timeoutMs: 45_000 });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('keeps every frame the station sent and got, in order, with its direction, type, action and message id', async () => {
    station.sendRaw('[2,"broken-1","Heartbeat",{');
    const error = await station.next((f) => f[0] === 4);
    expect(error[1]).toBe('-1');
    const status = await station.call(
      'StatusNotification',
      { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() },
      'status-1',
    );
    expect(status[0]).toBe(3);
    const command = await api.request('POST', `/api/v1/stations/${stationId}/ocpp/GetConfiguration`, { key: ['HeartbeatInterval'] });
    expect(command.status).toBe(200);

    let items: LoggedItem[] = [];
    await waitFor(
      async () => (items = (await messages()).body.items ?? []).some((i) => i.direction === 'in' && i.action === 'GetConfiguration'),
      {
        timeoutMs: 20_000,
        message: 'the answer to GetConfiguration in the log',
      },
    );
    // The BootNotification may have been sent more than once while the groups joined: from the last one on.
    const fromBoot = items.slice(items.map((i) => i.messageId).lastIndexOf('boot-1') - 1);
    commandId = fromBoot.find((i) => i.action === 'GetConfiguration')?.messageId as string;
    expect(commandId).toBeTruthy();
    expect(summary(fromBoot)).toEqual([
      'in CALL BootNotification boot-1',
      'out CALLRESULT BootNotification boot-1',
      'in null null null',
      'out CALLERROR null -1',
      'in CALL StatusNotification status-1',
      'out CALLRESULT StatusNotification status-1',
      `out CALL GetConfiguration ${commandId}`,
      `in CALLRESULT GetConfiguration ${commandId}`,
    ]);
    expect(fromBoot[0].frame).toEqual([2, 'boot-1', 'BootNotification', BOOT]);
    expect(fromBoot[2].frame).toBe('[2,"broken-1","Heartbeat",{');
    expect(fromBoot[7].frame).toEqual([3, commandId, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }]);
    const times = fromBoot.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(fromBoot.map((i) => i.connectionId)).size).toBe(1);
  });

  it('finds frames by action, by message id and by direction, and pages through a window', async () => {
    expect(summary((await messages('?action=StatusNotification')).body.items)).toEqual([
      'in CALL StatusNotification status-1',
      'out CALLRESULT StatusNotification status-1',
    ]);
    expect(summary((await messages(`?messageId=${commandId}`)).body.items)).toEqual([
      `out CALL GetConfiguration ${commandId}`,
      `in CALLRESULT GetConfiguration ${commandId}`,
    ]);
    const out = (await messages('?direction=out')).body.items;
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out.every((i) => i.direction === 'out')).toBe(true);

    const all = (await messages()).body.items;
    const paged: LoggedItem[] = [];
    let next: string | null = null;
    do {
      const page = await messages(`?limit=3${next ? `&after=${encodeURIComponent(next)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.body.items);
      next = page.body.next;
    } while (next);
    expect(summary(paged)).toEqual(summary(all));

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (await messages(`?from=${encodeURIComponent(future)}&to=${encodeURIComponent(new Date(Date.now() + 7_200_000).toISOString())}`)).body
        .items,
    ).toEqual([]);
  });

  it('needs a key, and says what is wrong with a bad query', async () => {
    expect((await fetch(`${api.url}/api/v1/stations/${stationId}/messages`)).status).toBe(401);
    const bad = await messages('?limit=0&direction=sideways');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/limit/);
    expect(JSON.stringify(bad.body)).toMatch(/direction/);
  });
});
