import { actionsOf, OCPP_VERSIONS } from '@voltlane/ocpp';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import type { MeteringServiceHandle } from '@voltlane/metering-service';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

/**
 * The charging core on the full stack: real WebSocket stations through the gateway, Kafka and
 * Redis to the station, customer, session and metering services on PostgreSQL (and the
 * energy-service, which answers the charging-limit and EV-needs actions). A session's energy in
 * the database must equal what the station's meter register says.
 */
describe('charging core: one session across every service', () => {
  let harness: StackHarness;
  let sessions: SessionServiceHandle;
  let metering: MeteringServiceHandle;
  const TAG = 'FLEET-0001';

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'energy'],
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
    sessions = harness.service('session') as SessionServiceHandle;
    metering = harness.service('metering') as MeteringServiceHandle;
    const tokens = (harness.service('customer') as CustomerServiceHandle).tokens;
    const customer = await tokens.createCustomer({ name: 'Fleet Co' });
    const token = await tokens.createToken({ idToken: TAG, type: 'ISO14443', customerId: customer.id });
    // The session-service learns the token from customers.tokens.v1.
    await waitFor(async () => (await sessions.tokens.find(token.key)) !== null, {
      timeoutMs: 20_000,
      message: 'token in the session read model',
    });
  });
  afterAll(() => harness?.stop());

  async function boot(station: TestStation, payload: Record<string, unknown>): Promise<void> {
    const answer = await station.call('BootNotification', payload);
    expect(answer[0]).toBe(3);
    expect((answer[2] as { status: string }).status).toBe('Accepted');
  }

  it('OCPP 1.6: boot, status, authorize, start, meter values, stop', async () => {
    const id = uniqueName('cs16');
    const station = await harness.connect(id, 'ocpp1.6');
    await boot(station, { chargePointVendor: 'Voltlane', chargePointModel: 'Sim-16' });
    expect((await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' }))[0]).toBe(3);
    const auth = await station.call('Authorize', { idTag: TAG.toLowerCase() });
    expect(auth[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } });

    const started = await station.call('StartTransaction', {
      connectorId: 1,
      idTag: TAG,
      meterStart: 1_000_000,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    });
    const { transactionId, idTagInfo } = started[2] as { transactionId: number; idTagInfo: { status: string } };
    expect(idTagInfo.status).toBe('Accepted');
    expect(transactionId).toBeGreaterThan(0);
    const mv = await station.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: new Date(Date.now() - 30_000).toISOString(),
          sampledValue: [{ value: '1003.5', unit: 'kWh', measurand: 'Energy.Active.Import.Register' }],
        },
      ],
    });
    expect(mv).toEqual([3, mv[1], {}]);
    const stopped = await station.call('StopTransaction', {
      transactionId,
      meterStop: 1_007_250,
      timestamp: new Date().toISOString(),
      reason: 'Local',
      transactionData: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1007250', context: 'Transaction.End' }] }],
    });
    expect(stopped[0]).toBe(3);

    await waitFor(async () => (await sessions.sessions.findByTransaction(id, transactionId))?.meterStopWh != null, {
      message: 'session ended',
    });
    const session = await sessions.sessions.findByTransaction(id, transactionId);
    expect(session).toMatchObject({ meterStartWh: 1_000_000, meterStopWh: 1_007_250, energyWh: 7_250, anomalies: [] });
    await waitFor(async () => (await metering.samples.energyForTransaction(id, String(transactionId)))?.energyWh != null, {
      message: 'metered energy',
    });
    expect(Number((await metering.samples.energyForTransaction(id, String(transactionId)))?.energyWh)).toBe(7_250);
    const ended = await harness.waitForRecord(
      'SessionLifecycle',
      (m) => m.key === id && parseSessionLifecycleEvent(JSON.parse(m.value)).type === 'Ended',
    );
    expect(parseSessionLifecycleEvent(JSON.parse(ended.value))).toMatchObject({ energyWh: 7_250, transactionRef: String(transactionId) });
  });

  it('OCPP 2.0.1: boot, authorize, TransactionEvent Started/Updated/Ended with meter values', async () => {
    const id = uniqueName('cs201');
    const station = await harness.connect(id, 'ocpp2.0.1');
    await boot(station, { reason: 'PowerUp', chargingStation: { model: 'Sim-201', vendorName: 'Voltlane' } });
    const idToken = { idToken: TAG, type: 'ISO14443' };
    const auth = await station.call('Authorize', { idToken });
    expect(auth[2]).toMatchObject({ idTokenInfo: { status: 'Accepted' } });
    const tx = uniqueName('tx').slice(0, 36);
    const t0 = Date.now() - 120_000;
    const energy = (wh: number, at: number, context = 'Sample.Periodic') => [
      {
        timestamp: new Date(at).toISOString(),
        sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }],
      },
    ];
    const event = (eventType: string, seqNo: number, at: number, wh: number, extra: Record<string, unknown> = {}) => ({
      eventType,
      timestamp: new Date(at).toISOString(),
      triggerReason: eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
      seqNo,
      transactionInfo: { transactionId: tx, chargingState: eventType === 'Ended' ? 'EVConnected' : 'Charging' },
      evse: { id: 1, connectorId: 1 },
      meterValue: energy(
        wh,
        at,
        eventType === 'Started' ? 'Transaction.Begin' : eventType === 'Ended' ? 'Transaction.End' : 'Sample.Periodic',
      ),
      ...extra,
    });
    const startAnswer = await station.call('TransactionEvent', event('Started', 0, t0, 52_000, { idToken }));
    expect(startAnswer[2]).toMatchObject({ idTokenInfo: { status: 'Accepted' } });
    expect((await station.call('TransactionEvent', event('Updated', 1, t0 + 60_000, 55_500)))[0]).toBe(3);
    expect(
      (
        await station.call(
          'TransactionEvent',
          event('Ended', 2, t0 + 120_000, 59_125, {
            transactionInfo: { transactionId: tx, chargingState: 'EVConnected', stoppedReason: 'Local' },
          }),
        )
      )[0],
    ).toBe(3);

    await waitFor(async () => (await sessions.sessions.findByTransaction(id, tx))?.meterStopWh != null, { message: 'session ended' });
    expect(await sessions.sessions.findByTransaction(id, tx)).toMatchObject({ meterStartWh: 52_000, meterStopWh: 59_125, energyWh: 7_125 });
    await waitFor(async () => Number((await metering.samples.energyForTransaction(id, tx))?.energyWh) === 7_125, {
      message: 'metered energy',
    });
  });

  it('every station→CSMS action of every version has exactly one answering service', () => {
    for (const version of OCPP_VERSIONS) {
      const expected = actionsOf(version, 'StationToCsms')
        .filter((a) => !a.send)
        .map((a) => a.action)
        .sort();
      const answered = Object.values(harness.services).flatMap((s) => s.dispatcher?.answers(version) ?? []);
      expect([...answered].sort()).toEqual(expected);
      expect(new Set(answered).size).toBe(answered.length);
    }
  });
});
