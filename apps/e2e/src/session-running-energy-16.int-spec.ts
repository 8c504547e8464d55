import { parseBillingCdr, parseSessionLifecycleEvent, type BillingCdr } from '@voltlane/contracts';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import type { MeteringServiceHandle } from '@voltlane/metering-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

/**
 * Issue #14: a running OCPP 1.6 session shows its energy and cost from the MeterValues the
 * station sends during the transaction (kWh or Wh), through the real gateway, Kafka, metering,
 * session and billing services and the operator API — not 0 until StopTransaction. Re-delivered
 * and late, older readings never lower it, and the CDR is what StopTransaction alone gives.
 * Default tariff: 0.35 EUR/kWh, 19 % tax, rounded HALF_UP per line.
 */
describe('1.6 running energy and cost from MeterValues across the whole stack', () => {
  let harness: StackHarness;
  let api: StackHarness['api'];
  const TAG = 'RUN-16-0001';

  beforeAll(async () => {
    harness = await StackHarness.start({ services: ['customer', 'session', 'metering', 'billing'], api: true });
    api = harness.api;
    const tokens = (harness.service('customer') as CustomerServiceHandle).tokens;
    const customer = await tokens.createCustomer({ name: 'Running Co' });
    const token = await tokens.createToken({ idToken: TAG, type: 'ISO14443', customerId: customer.id });
    await waitFor(async () => (await (harness.service('session') as SessionServiceHandle).tokens.find(token.key)) !== null, {
      timeoutMs: 20_000,
    });
  }, 90_000);
  afterAll(() => harness?.stop());

  const minutesAgo = (n: number): string => new Date(Date.now() - n * 60_000).toISOString();
  const register = (value: string, unit: 'Wh' | 'kWh', at: string) => [
    { timestamp: at, sampledValue: [{ value, unit, measurand: 'Energy.Active.Import.Register', context: 'Sample.Periodic' }] },
  ];

  async function start(station: TestStation, connectorId: number, meterStart: number): Promise<number> {
    const started = await station.call('StartTransaction', { connectorId, idTag: TAG, meterStart, timestamp: minutesAgo(30) });
    expect(started[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    return (started[2] as { transactionId: number }).transactionId;
  }

  async function meterValues(
    station: TestStation,
    connectorId: number,
    transactionId: number,
    value: string,
    unit: 'Wh' | 'kWh',
    at: string,
  ): Promise<void> {
    expect((await station.call('MeterValues', { connectorId, transactionId, meterValue: register(value, unit, at) }))[0]).toBe(3);
  }

  async function stop(station: TestStation, transactionId: number, meterStop: number): Promise<void> {
    expect((await station.call('StopTransaction', { transactionId, meterStop, timestamp: minutesAgo(0), reason: 'Local' }))[0]).toBe(3);
  }

  function cdrOf(sessionId: string): BillingCdr | undefined {
    return harness
      .records('BillingCdrs')
      .map((m) => parseBillingCdr(JSON.parse(m.value)))
      .find((c) => c.sessionId === sessionId);
  }

  it('updates /sessions/{id} energyWh and /sessions/{id}/cost before StopTransaction, idempotently, and leaves the CDR as StopTransaction gives it', async () => {
    const stationId = uniqueName('cs16run');
    const station = await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' });
    const sessions = (harness.service('session') as SessionServiceHandle).sessions;
    const metering = (harness.service('metering') as MeteringServiceHandle).samples;

    const transactionId = await start(station, 1, 100_000);
    await waitFor(async () => (await sessions.findByTransaction(stationId, transactionId)) !== null, { message: 'session started' });
    const sessionId = (await sessions.findByTransaction(stationId, transactionId))?.id as string;

    // 104.5 kWh (converted to Wh once, by the metering domain), then 108 000 Wh: 8 kWh so far.
    await meterValues(station, 1, transactionId, '104.5', 'kWh', minutesAgo(20));
    await meterValues(station, 1, transactionId, '108000', 'Wh', minutesAgo(10));
    await waitFor(async () => (await api.request('GET', `/api/v1/sessions/${sessionId}`)).body?.energyWh === 8_000, {
      timeoutMs: 30_000,
      message: 'session energy 8000 Wh',
    });
    // 8 kWh × 0.35 = 2.80; tax 19 % = 0.532 → 0.53; 3.33.
    await waitFor(async () => (await api.request('GET', `/api/v1/sessions/${sessionId}/cost`)).body?.subtotal?.amount === '2.80', {
      timeoutMs: 30_000,
      message: 'running cost of 8 kWh',
    });
    const running = await api.request('GET', `/api/v1/sessions/${sessionId}/cost`, undefined, api.keys.read);
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({
      sessionId,
      stationId,
      ongoing: true,
      currency: 'EUR',
      subtotal: { amount: '2.80' },
      tax: { amount: '0.53' },
      totalInclTax: { amount: '3.33' },
    });
    expect(running.body.lines.length).toBeGreaterThan(0);
    expect((await api.request('GET', `/api/v1/sessions/${sessionId}`)).body).toMatchObject({ status: 'Active', energyWh: 8_000 });
    // The metering read model agrees.
    expect(Number((await metering.energyForTransaction(stationId, String(transactionId)))?.energyWh)).toBe(8_000);
    const updates = (): number[] =>
      harness
        .records('SessionLifecycle')
        .map((m) => parseSessionLifecycleEvent(JSON.parse(m.value)))
        .filter((e) => e.sessionId === sessionId && e.type === 'Updated')
        .map((e) => e.energyWh);
    await waitFor(() => updates().includes(8_000), { message: 'Updated event of 8000 Wh' });

    // The same reading again (a station retry) and a late, older one: nothing goes down, nothing new is published.
    const published = updates().length;
    await meterValues(station, 1, transactionId, '108000', 'Wh', minutesAgo(10));
    await meterValues(station, 1, transactionId, '102', 'kWh', minutesAgo(25));
    await waitFor(
      async () => (await metering.samplesForTransaction(stationId, String(transactionId))).some((s) => Number(s.value) === 102_000),
      { message: 'late sample stored' },
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await api.request('GET', `/api/v1/sessions/${sessionId}`)).body?.energyWh).toBe(8_000);
    expect((await api.request('GET', `/api/v1/sessions/${sessionId}/cost`)).body?.subtotal?.amount).toBe('2.80');
    expect(updates()).toHaveLength(published);

    // StopTransaction decides the CDR: 10 kWh → 3.50 + 0.665 → 0.67 tax = 4.17, the same as a session without MeterValues.
    await stop(station, transactionId, 110_000);
    const control = await start(station, 2, 100_000);
    await stop(station, control, 110_000);
    await waitFor(async () => (await sessions.findByTransaction(stationId, control))?.status === 'Ended', {
      message: 'control session ended',
    });
    const controlId = (await sessions.findByTransaction(stationId, control))?.id as string;
    await waitFor(() => cdrOf(sessionId) !== undefined && cdrOf(controlId) !== undefined, { timeoutMs: 30_000, message: 'two CDRs' });
    const cdr = cdrOf(sessionId) as BillingCdr;
    expect(cdr).toMatchObject({
      energyWh: 10_000,
      totalExclTax: { amount: '3.50', currency: 'EUR' },
      totalInclTax: { amount: '4.17', currency: 'EUR' },
      anomalous: false,
    });
    const value = (c: BillingCdr) => ({
      energyWh: c.energyWh,
      totalExclTax: c.totalExclTax,
      subtotal: c.subtotal,
      tax: c.tax,
      totalInclTax: c.totalInclTax,
      anomalies: c.anomalies,
    });
    expect(value(cdr)).toEqual(value(cdrOf(controlId) as BillingCdr));
    expect((await api.request('GET', `/api/v1/sessions/${sessionId}`)).body).toMatchObject({ status: 'Ended', energyWh: 10_000 });
    await station.close();
  });
});
