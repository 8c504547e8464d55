// GET /api/v1/events over real HTTP, the report-service on the in-process bus: the public
// records become server-sent events in order with ids, filtered per client, with keep-alive
// comments; a client that does not read is dropped, one that leaves is forgotten, and closing
// the API ends every stream.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  parseBillingCdr,
  parseSessionLifecycleEvent,
  parseStationConnectionEvent,
  parseStationStatusEvent,
  type SessionLifecycleEvent,
} from '@voltlane/contracts';
import { uniqueName, waitFor } from '@voltlane/testing';
import { ServiceTestApi } from '@voltlane/testing/medium';
import { reportApiModule, startReportService, type ReportServiceHandle } from '../src';
import { SseTestClient } from './sse-test-client';

const QUEUE_LIMIT = 50;

class ReportTestApi extends ServiceTestApi<ReportServiceHandle> {
  static start(): Promise<ReportTestApi> {
    return ServiceTestApi.launch(
      {
        start: startReportService,
        service: 'report-service',
        env: { REPORT_SERVICE_LIVE_KEEPALIVE_MS: '300', REPORT_SERVICE_LIVE_QUEUE_EVENTS: String(QUEUE_LIMIT) },
        modules: (service) => [reportApiModule(service)],
        apiPath: '/api/v1',
      },
      (started) => new ReportTestApi(started),
    );
  }

  /** Opens an event stream with the read key (or the given headers). */
  open(query = '', headers: Record<string, string> = { 'x-api-key': this.keys.read }): Promise<SseTestClient> {
    return SseTestClient.open(`${this.url}/api/v1/events${query}`, headers);
  }
}

const AT = '2026-12-07T10:00:00.000Z';

const connected = (stationId: string) =>
  parseStationConnectionEvent({
    type: 'Connected',
    stationId,
    protocol: 'ocpp1.6',
    gatewayInstance: 'gw-1',
    connectionId: `c-${stationId}`,
    securityProfile: 1,
    at: AT,
  });

const status = (stationId: string, value: 'Available' | 'Charging' | 'Faulted', errorCode = 'NoError') =>
  parseStationStatusEvent({
    stationId,
    protocol: 'ocpp1.6',
    connectorId: 1,
    status: value,
    errorCode,
    source: 'StatusNotification',
    timestamp: AT,
    receivedAt: AT,
  });

const session = (stationId: string, sessionId: string, type: SessionLifecycleEvent['type'], energyWh: number) =>
  parseSessionLifecycleEvent({
    type,
    eventId: type === 'Updated' ? `${sessionId}:Updated:${energyWh}` : `${sessionId}:${type}`,
    sessionId,
    stationId,
    protocol: 'ocpp1.6',
    transactionRef: '7',
    idTokenKey: 'ISO14443:SECRET-TOKEN',
    connectorId: 1,
    startedAt: AT,
    ...(type === 'Ended' ? { endedAt: '2026-12-07T11:00:00.000Z', meterStopWh: energyWh } : {}),
    meterStartWh: 0,
    energyWh,
    chargingSeconds: 3000,
    idleSeconds: 600,
    anomalies: [],
    occurredAt: type === 'Started' ? AT : '2026-12-07T11:00:00.000Z',
  });

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const cdr = (stationId: string, sessionId: string) =>
  parseBillingCdr({
    cdrId: randomUUID(),
    sessionId,
    stationId,
    protocol: 'ocpp1.6',
    transactionRef: '7',
    connectorId: 1,
    evseId: null,
    idTokenKey: 'ISO14443:SECRET-TOKEN',
    customerId: 'cust-7',
    customerGroup: null,
    startedAt: AT,
    endedAt: '2026-12-07T11:00:00.000Z',
    meterStartWh: 0,
    meterStopWh: 12345,
    energyWh: 12345,
    chargingSeconds: 3000,
    idleSeconds: 600,
    stoppedReason: 'Local',
    tariff: {
      id: randomUUID(),
      version: 1,
      name: 'Default',
      assignment: 'default',
      timeZone: 'Europe/Berlin',
      taxRatePercent: '19',
      rounding: 'HALF_UP',
    },
    currency: 'EUR',
    lines: [{ component: 'energy', band: null, quantity: '12.345', unit: 'kWh', unitPrice: eur('0.35'), amount: eur('4.32') }],
    subtotal: eur('4.32'),
    tax: eur('0.82'),
    totalExclTax: eur('4.32'),
    totalInclTax: eur('5.14'),
    anomalies: [],
    anomalous: false,
    issuedAt: '2026-12-07T11:00:01.000Z',
  });

describe('live events (medium)', () => {
  let api: ReportTestApi;
  let stopped = false;
  const open: SseTestClient[] = [];

  beforeAll(async () => {
    api = await ReportTestApi.start();
  });

  afterEach(async () => {
    for (const client of open.splice(0)) client.close();
    if (!stopped) await waitFor(() => api.service.live.clientCount === 0, { message: 'every client forgotten' });
  });

  afterAll(async () => {
    if (!stopped) await api?.stop();
  });

  async function connect(query = ''): Promise<SseTestClient> {
    const before = api.service.live.clientCount;
    const client = await api.open(query);
    open.push(client);
    expect(client.status).toBe(200);
    await waitFor(() => api.service.live.clientCount === before + 1, { message: 'the client is attached' });
    return client;
  }

  it('refuses a request without a key (401) or with a bad filter (400), and starts a stream with retry', async () => {
    const anonymous = await api.open('', {});
    open.push(anonymous);
    expect(anonymous.status).toBe(401);
    expect(anonymous.response.headers['content-type']).toContain('application/problem+json');
    for (const [query, parameter] of [
      ['?types=session,nope', 'types'],
      ['?stationId=' + 'x'.repeat(49), 'stationId'],
    ]) {
      const bad = await api.call('GET', `/events${query}`, undefined, 'read');
      expect([bad.status, bad.body.parameter]).toEqual([400, parameter]);
    }
    expect((await api.call('GET', '/events?since=1', undefined, 'read')).status).toBe(400);
    const client = await connect();
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['cache-control']).toBe('no-cache, no-transform');
    await waitFor(() => client.text.length > 0);
    expect(client.text.startsWith('retry: 3000\n\n')).toBe(true);
  });

  it('turns the public records into events, in order, each with the next id; a broken record is no event', async () => {
    const client = await connect();
    const station = uniqueName('live');
    const sessionId = randomUUID();
    const records: [Parameters<ReportTestApi['harness']['publish']>[0], unknown][] = [
      ['StationConnections', connected(station)],
      ['StationStatus', status(station, 'Charging')],
      ['StationStatus', { stationId: station, status: 'Exploded' }],
      ['SessionLifecycle', session(station, sessionId, 'Started', 0)],
      ['SessionLifecycle', session(station, sessionId, 'Updated', 6000)],
      ['SessionLifecycle', session(station, sessionId, 'Ended', 12345)],
      ['BillingCdrs', cdr(station, sessionId)],
      ['StationStatus', status(station, 'Faulted', 'GroundFailure')],
    ];
    for (const [topic, value] of records) await api.harness.publish(topic, station, value);
    await api.harness.settle();
    const events = await client.waitForEvents(7);
    expect(events.map((e) => [e.event, e.data.type ?? e.data.status])).toEqual([
      ['station.connection', 'Connected'],
      ['station.status', 'Charging'],
      ['session', 'Started'],
      ['session', 'Updated'],
      ['session', 'Ended'],
      ['cdr', undefined],
      ['station.status', 'Faulted'],
    ]);
    expect(events.map((e) => e.id - events[0].id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(events[0].data).toEqual({ stationId: station, type: 'Connected', at: AT });
    expect(events[1].data).toEqual({ stationId: station, connectorId: 1, status: 'Charging', at: AT });
    expect(events[4].data).toEqual({
      sessionId,
      stationId: station,
      type: 'Ended',
      connectorId: 1,
      energyWh: 12345,
      at: '2026-12-07T11:00:00.000Z',
    });
    expect(events[5].data).toMatchObject({
      sessionId,
      stationId: station,
      currency: 'EUR',
      totalExclTax: '4.32',
      totalInclTax: '5.14',
      energyWh: 12345,
    });
    expect(events[6].data).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure' });
    expect(client.text).not.toContain('SECRET-TOKEN');
    expect(client.text).not.toContain('cust-7');
  });

  it('filters by station (repeated or comma-separated) and by event type', async () => {
    const [a, b, c] = [uniqueName('la'), uniqueName('lb'), uniqueName('lc')];
    const repeated = await connect(`?stationId=${a}&stationId=${c}`);
    const listed = await connect(`?stationId=${b},${c}&types=session`);
    const statuses = await connect('?types=station.status');
    for (const station of [a, b, c]) {
      await api.harness.publish('StationStatus', station, status(station, 'Available'));
      await api.harness.publish('SessionLifecycle', station, session(station, randomUUID(), 'Started', 0));
    }
    await api.harness.settle();
    const seen = (client: SseTestClient) => client.events().map((e) => `${e.event}:${e.data.stationId as string}`);
    await waitFor(() => repeated.events().length >= 4 && listed.events().length >= 2 && statuses.events().length >= 3);
    expect(seen(repeated)).toEqual([`station.status:${a}`, `session:${a}`, `station.status:${c}`, `session:${c}`]);
    expect(seen(listed)).toEqual([`session:${b}`, `session:${c}`]);
    expect(seen(statuses)).toEqual([a, b, c].map((s) => `station.status:${s}`));
  });

  it('sends a keep-alive comment on an idle stream', async () => {
    const client = await connect();
    await waitFor(() => client.comments().length >= 2, { timeoutMs: 3_000, message: 'two keep-alive comments' });
    expect(client.comments()[0]).toBe(': keep-alive');
    expect(client.events()).toEqual([]);
  });

  it('drops a client that does not read once its queue is full, without holding up the others', async () => {
    const slow = await connect();
    const fast = await connect();
    slow.pause();
    const station = uniqueName('flood');
    const dropped = api.service.live.droppedSlow;
    let sent = 0;
    const deadline = Date.now() + 60_000;
    // Enough events to fill the slow client's socket buffers, then its queue; a few per turn of the
    // event loop, as a consumer hands them over, so the reading client keeps up.
    while (api.service.live.droppedSlow === dropped && Date.now() < deadline) {
      for (let i = 0; i < 10; i++) {
        sent++;
        api.service.live.publish({
          name: 'session',
          data: { sessionId: station, stationId: station, type: 'Updated', energyWh: sent, at: AT },
        });
      }
      await nextTurn();
    }
    expect(api.service.live.droppedSlow).toBe(dropped + 1);
    expect(api.service.live.clientCount).toBe(1);
    slow.resume();
    await waitFor(() => slow.broken || slow.ended, { message: 'the slow stream is closed' });
    const events = await fast.waitForEvents(sent, 20_000);
    expect(events.map((e) => e.data.energyWh)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    expect(fast.ended || fast.broken).toBe(false);
    // the slow one got a prefix of them, and no more than the limit was ever held for it
    expect(slow.events().length).toBeLessThan(sent);
  }, 90_000);

  it('forgets a client that disconnects', async () => {
    const before = api.service.live.clientCount;
    const client = await api.open();
    await waitFor(() => api.service.live.clientCount === before + 1);
    client.close();
    await waitFor(() => api.service.live.clientCount === before, { message: 'the client is forgotten' });
  });

  it('ends every stream when the API closes', async () => {
    const clients = [await connect(), await connect('?types=cdr')];
    const live = api.service.live;
    stopped = true;
    await api.stop();
    await waitFor(() => clients.every((c) => c.ended), { message: 'every stream ended' });
    expect(live.clientCount).toBe(0);
  });
});
