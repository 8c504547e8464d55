import { randomUUID } from 'node:crypto';
import { parseStationConnectionEvent } from '@voltlane/contracts';
import { KafkaBatchPublisher, createKafka } from '@voltlane/messaging';
import type { SessionServiceHandle } from '@voltlane/session-service';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

interface LiveEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/** A server-sent-events stream read with fetch() and the X-API-Key header, as the console reads it. */
class EventStream {
  readonly events: LiveEvent[] = [];
  comments = 0;
  retry: number | undefined;
  ended = false;
  private buffer = '';
  private readonly abort = new AbortController();

  private constructor(readonly response: Response) {
    void this.read();
  }

  static async open(url: string, key: string): Promise<EventStream> {
    const stream = new AbortController();
    const response = await fetch(url, { headers: { 'x-api-key': key, accept: 'text/event-stream' }, signal: stream.signal });
    const opened = new EventStream(response);
    opened.abort.signal.addEventListener('abort', () => stream.abort());
    return opened;
  }

  of(stationId: string): LiveEvent[] {
    return this.events.filter((e) => e.data.stationId === stationId);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(): Promise<void> {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.take(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
    }
  }

  private take(block: string): void {
    if (block.startsWith(':')) return void this.comments++;
    const field = (name: string) =>
      block
        .split('\n')
        .find((l) => l.startsWith(`${name}: `))
        ?.slice(name.length + 2);
    const retry = field('retry');
    if (retry !== undefined) this.retry = Number(retry);
    const id = field('id');
    if (id !== undefined)
      this.events.push({ id: Number(id), event: field('event') ?? '', data: JSON.parse(field('data') ?? '{}') as Record<string, unknown> });
  }
}

const BOOT = { chargePointVendor: 'Voltlane', chargePointModel: 'VL-AC22' };
const TAG = 'LIVE-0001';

/**
 * Issue #22, the live network overview, on the distributed stack through the api-edge: the
 * report-service's live consumer group (its own, from the end of the topics) turns what a real
 * OCPP 1.6 station does — connect, boot, status, start, meter values, stop — and the CDR the
 * billing-service issues into server-sent events, read through the edge with fetch() as the
 * console reads them.
 */
describe('live events end to end through the api-edge', () => {
  let harness: StackHarness;
  let api: StackHarness['api'];
  let all: EventStream;
  let filtered: EventStream;
  let station: TestStation;
  const stationId = uniqueName('live');

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing', 'report'],
      api: 'edge',
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
    api = harness.api;
    const customer = await api.request('POST', '/api/v1/customers', { name: 'Live Co' });
    expect(customer.status).toBe(201);
    const token = await api.request('POST', '/api/v1/id-tokens', { idToken: TAG, customerId: customer.body.id });
    expect(token.status).toBe(201);
    // The session-service learns the token from customers.tokens.v1.
    const sessions = harness.service('session') as SessionServiceHandle;
    await waitFor(async () => (await sessions.tokens.find(token.body.key as string)) !== null, {
      timeoutMs: 20_000,
      message: 'token in the session read model',
    });
  }, 120_000);

  afterAll(async () => {
    all?.close();
    filtered?.close();
    await harness?.stop();
  });

  it('refuses a stream without a valid key', async () => {
    const response = await fetch(`${api.url}/api/v1/events`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401 });
  });

  it('streams through the edge once the live consumer reads: retry first, then the events', async () => {
    all = await EventStream.open(`${api.url}/api/v1/events`, api.keys.read);
    filtered = await EventStream.open(`${api.url}/api/v1/events?stationId=${stationId}&types=session,cdr`, api.keys.read);
    for (const stream of [all, filtered]) {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    }
    // The live group starts at the end of the topics once it has joined: a marker record, sent
    // until the stream shows it, proves it reads (what happened before it joined is not shown).
    const marker = uniqueName('marker');
    const publisher = new KafkaBatchPublisher(createKafka({ brokers: harness.env.kafkaBrokers, clientId: uniqueName('live') }));
    await publisher.connect();
    try {
      await waitFor(
        async () => {
          const value = parseStationConnectionEvent({
            type: 'Connected',
            stationId: marker,
            protocol: 'ocpp1.6',
            gatewayInstance: 'gw-marker',
            connectionId: randomUUID(),
            securityProfile: 1,
            at: new Date().toISOString(),
          });
          await publisher.publish({ topic: harness.topics.StationConnections, key: marker, value: JSON.stringify(value) });
          await new Promise((resolve) => setTimeout(resolve, 500));
          return all.of(marker).length > 0;
        },
        { timeoutMs: 60_000, message: 'the live consumer group reads' },
      );
    } finally {
      await publisher.close();
    }
    expect(all.retry).toBe(3000);
    expect(filtered.events).toEqual([]);
  }, 90_000);

  it('shows a real 1.6 station connecting, booting, reporting its status and charging, and the CDR', async () => {
    station = await harness.connect(stationId, 'ocpp1.6');
    await waitFor(async () => (await station.call('BootNotification', BOOT))[0] === 3, { timeoutMs: 45_000, message: 'boot accepted' });
    const status = await station.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: new Date().toISOString(),
    });
    expect(status[0]).toBe(3);
    const started = await station.call('StartTransaction', {
      connectorId: 1,
      idTag: TAG,
      meterStart: 1_000_000,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    });
    const { transactionId, idTagInfo } = started[2] as { transactionId: number; idTagInfo: { status: string } };
    expect(idTagInfo.status).toBe('Accepted');
    const meter = await station.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: new Date(Date.now() - 30_000).toISOString(),
          sampledValue: [{ value: '1003.5', unit: 'kWh', measurand: 'Energy.Active.Import.Register' }],
        },
      ],
    });
    expect(meter[0]).toBe(3);
    // the running energy is live before the stop
    await waitFor(() => all.of(stationId).some((e) => e.event === 'session' && e.data.type === 'Updated'), {
      timeoutMs: 30_000,
      message: 'session Updated',
    });
    expect(all.of(stationId).find((e) => e.data.type === 'Updated')?.data.energyWh).toBe(3_500);
    // what a console fetches again on such an event: the overview has the station online and charging
    const overview = async (): Promise<{ sessions: { running: number }; stations: { online: number } }> =>
      (await api.request('GET', '/api/v1/reports/overview', undefined, api.keys.read)).body as {
        sessions: { running: number };
        stations: { online: number };
      };
    await waitFor(async () => (await overview()).sessions?.running === 1, {
      timeoutMs: 20_000,
      message: 'the overview: one session running',
    });
    expect((await overview()).stations.online).toBeGreaterThanOrEqual(1);
    const stopped = await station.call('StopTransaction', {
      transactionId,
      meterStop: 1_007_250,
      timestamp: new Date().toISOString(),
      reason: 'Local',
    });
    expect(stopped[0]).toBe(3);

    const kinds = () => all.of(stationId).map((e) => `${e.event} ${(e.data.type ?? e.data.status ?? '') as string}`.trim());
    await waitFor(() => kinds().includes('cdr'), { timeoutMs: 45_000, message: `the CDR event (so far: ${kinds().join(', ')})` });
    const events = all.of(stationId);
    expect(kinds()).toEqual(
      expect.arrayContaining([
        'station.connection Connected',
        'station.status Available',
        'session Started',
        'session Updated',
        'session Ended',
        'cdr',
      ]),
    );
    // one station's records keep their order (one key, one partition), and ids only grow
    const sessionTypes = events.filter((e) => e.event === 'session').map((e) => e.data.type);
    expect(sessionTypes[0]).toBe('Started');
    expect(sessionTypes.at(-1)).toBe('Ended');
    const ids = all.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const ended = events.find((e) => e.event === 'session' && e.data.type === 'Ended')!;
    expect(ended.data).toMatchObject({ stationId, connectorId: 1, energyWh: 7_250 });
    const sessionId = ended.data.sessionId as string;
    const cdr = events.find((e) => e.event === 'cdr')!;
    expect(cdr.data).toMatchObject({ sessionId, stationId, currency: 'EUR', energyWh: 7_250 });
    expect(cdr.data.totalInclTax).toMatch(/^\d+\.\d{2}$/);
    expect(JSON.stringify(all.events)).not.toContain(TAG);
    await waitFor(async () => (await overview()).sessions.running === 0, {
      timeoutMs: 20_000,
      message: 'the overview: no session running',
    });

    // the filtered stream: only this station's sessions and CDR
    await waitFor(() => filtered.events.some((e) => e.event === 'cdr'), { message: 'the CDR on the filtered stream' });
    expect(new Set(filtered.events.map((e) => e.event))).toEqual(new Set(['session', 'cdr']));
    expect(filtered.events.every((e) => e.data.stationId === stationId)).toBe(true);
  }, 120_000);

  it('tells of the station going away, and forgets a client that leaves', async () => {
    await station.close();
    await waitFor(() => all.of(stationId).some((e) => e.event === 'station.connection' && e.data.type === 'Disconnected'), {
      timeoutMs: 20_000,
      message: 'Disconnected',
    });
    filtered.close();
    expect(all.ended).toBe(false);
  });
});
