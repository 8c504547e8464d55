// OCTT 2.0.1 CSMS test cases, functional block I (Tariff and cost), and the OCPP 2.1 tariff use
// cases (local cost calculation, I07–I12) on the same stack. The station's cost comes from the
// billing-service's tariff (replicated to the session-service over billing.tariffs.v1) and the
// CDR's rules, so what the station shows is what the CDR bills (ADR 0016).
import { ocppValidator, type v201 } from '@voltlane/ocpp';
import { waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from '../../stack-harness';
import type { Transaction201 } from '../ocpp201-station';
import { Station201, energyValue, iso, newIdToken, newStationId, provisionIdToken, type Payload, type Row } from '../ocpp201-station';

const V21 = 'ocpp2.1' as const;
/** 0.30/kWh + 1.00 per session, 19 % VAT, nothing per minute: a total is a function of the energy only. */
const PRICES = { energyPerKwh: '0.30', sessionFee: '1.00', taxRatePercent: '19' };

describe('OCTT 2.0.1 CSMS — I Tariff and cost (and the OCPP 2.1 tariff use cases)', () => {
  let harness: StackHarness;
  let token: v201.IdTokenType;
  let tariffId: string;

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept', BILLING_SERVICE_COST_UPDATE_INTERVAL_S: '1' },
    });
    token = await provisionIdToken(harness, newIdToken('I'));
    const created = await harness.api.request('POST', '/api/v1/tariffs', {
      name: 'OCTT I',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      ...PRICES,
    });
    expect(created.status).toBe(201);
    tariffId = created.body.id;
  });
  afterAll(() => harness?.stop());

  /** Assigns the suite's tariff to the station and waits until the session-service's replica has it. */
  async function priceStation(stationId: string): Promise<void> {
    const assigned = await harness.api.request('POST', `/api/v1/tariffs/${tariffId}/assignments`, {
      scope: 'station',
      stationId,
      validFrom: iso(Date.now() - 60_000),
    });
    expect(assigned.status).toBe(201);
    await waitFor(
      async () => {
        const rows = await harness
          .service('session')
          .dataSource.query<Row[]>('SELECT entry FROM tariff_catalog WHERE tariff_id = $1', [tariffId]);
        return rows.some((r) => JSON.stringify(r.entry).includes(`"stationId":"${stationId}"`));
      },
      { timeoutMs: 15_000, message: `tariff of ${stationId} in the session-service replica` },
    );
  }

  /** The CDR the billing-service issued for the station's session. */
  async function cdrOf(
    stationId: string,
  ): Promise<{ totalInclTax: { amount: string; currency: string }; tariff: { id: string; version: number } }> {
    const record = await harness.waitForRecord(
      'BillingCdrs',
      (m) => (JSON.parse(m.value) as { stationId: string }).stationId === stationId,
      20_000,
    );
    return JSON.parse(record.value) as { totalInclTax: { amount: string; currency: string }; tariff: { id: string; version: number } };
  }

  const costUpdates = (cs: Station201, tx: Transaction201) =>
    cs.received.filter((c) => c.action === 'CostUpdated' && c.payload.transactionId === tx.id);

  /**
   * Waits until no CostUpdated of the transaction has arrived for 2 s: one issued just before
   * billing saw the end may still be on its way (Kafka, the gateway). Fails if they keep coming.
   */
  async function costUpdatesSettled(cs: Station201, tx: Transaction201): Promise<number> {
    const deadline = Date.now() + 20_000;
    for (let seen = -1; seen !== costUpdates(cs, tx).length;) {
      if (Date.now() > deadline) throw new Error(`CostUpdated still arriving after the end of ${tx.id}`);
      seen = costUpdates(cs, tx).length;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    return costUpdates(cs, tx).length;
  }

  it('TC_I_01_CSMS Show EV Driver running total cost during charging - CostUpdatedRequest', async () => {
    const id = newStationId('I01');
    await priceStation(id);
    const cs = await Station201.booted(harness, id);
    cs.answer('CostUpdated', {});
    const tx = await cs.charging(token);
    // 1 000 Wh charged: 0.30 + 1.00 = 1.30 net, 0.25 VAT → 1.55.
    await cs.event(tx, 'Updated', 'MeterValuePeriodic', { chargingState: 'Charging', meterValue: [energyValue(2_000)] });
    await waitFor(() => costUpdates(cs, tx).some((c) => c.payload.totalCost === 1.55), {
      timeoutMs: 20_000,
      message: 'CostUpdated with the running total 1.55',
    });
    for (const call of costUpdates(cs, tx)) {
      const check = ocppValidator.validateRequest('ocpp2.0.1', 'CostUpdated', call.payload);
      expect(check.ok).toBe(true);
      expect(call.payload).toEqual({ totalCost: expect.any(Number), transactionId: tx.id });
    }
    // Only while the transaction runs: none after its end has reached billing.
    const ended = await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(2_000, 'Transaction.End')],
    });
    expect(ended.totalCost).toBe(1.55);
    await cdrOf(id);
    const settled = await costUpdatesSettled(cs, tx);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(costUpdates(cs, tx).length).toBe(settled);
  });

  it('TC_I_02_CSMS Show EV Driver final total cost after charging - totalCost equals the CDR', async () => {
    const id = newStationId('I02');
    await priceStation(id);
    const cs = await Station201.booted(harness, id);
    cs.answer('CostUpdated', {});
    const tx = await cs.charging(token);
    const updated = await cs.event(tx, 'Updated', 'MeterValuePeriodic', { chargingState: 'Charging', meterValue: [energyValue(2_500)] });
    expect(updated.totalCost).toBeUndefined();
    // 2 000 Wh: 0.60 + 1.00 = 1.60 net, 0.304 → 0.30 VAT → 1.90.
    const ended = await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(3_000, 'Transaction.End')],
    });
    expect(ended.totalCost).toBe(1.9);
    const cdr = await cdrOf(id);
    expect(cdr.tariff.id).toBe(tariffId);
    expect(Number(cdr.totalInclTax.amount)).toBe(ended.totalCost);
    expect(cdr.totalInclTax.currency).toBe('EUR');
  });

  it('TC_I_02_CSMS a re-sent Ended TransactionEvent gets the same totalCost', async () => {
    const id = newStationId('I02r');
    await priceStation(id);
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    const payload = {
      eventType: 'Ended',
      timestamp: iso(),
      triggerReason: 'StopAuthorized',
      seqNo: tx.nextSeqNo(),
      transactionInfo: { transactionId: tx.id, chargingState: 'Idle', stoppedReason: 'Local' },
      evse: { id: 1, connectorId: 1 },
      meterValue: [energyValue(1_000, 'Transaction.End')],
    };
    const first = await cs.call<v201.TransactionEventResponse>('TransactionEvent', payload);
    const again = await cs.call<v201.TransactionEventResponse>('TransactionEvent', payload);
    expect(first.totalCost).toBe(1.19); // nothing charged: the session fee, 1.00 + 0.19 VAT
    expect(again).toEqual(first);
  });

  describe('OCPP 2.1 tariffs to the station (local cost calculation, I07–I12)', () => {
    interface Station21 {
      ws: TestStation;
      received: { action: string; payload: Payload }[];
      answers: Map<string, Payload>;
      call(action: string, payload: Payload): Promise<Payload>;
    }

    async function station21(id: string): Promise<Station21> {
      await priceStation(id);
      const ws = await harness.connect(id, V21);
      expect(ws.protocol).toBe(V21);
      const station: Station21 = {
        ws,
        received: [],
        answers: new Map(),
        async call(action, payload) {
          expect(ocppValidator.validateRequest(V21, action, payload)).toMatchObject({ ok: true });
          const frame = await ws.call(action, payload);
          if (frame[0] !== 3) throw new Error(`${action} answered ${JSON.stringify(frame)}`);
          expect(ocppValidator.validateResponse(V21, action, frame[2])).toMatchObject({ ok: true });
          return frame[2] as Payload;
        },
      };
      ws.onCall = (action, payload, messageId) => {
        station.received.push({ action, payload });
        const answer = station.answers.get(action);
        return answer ? [3, messageId, answer] : [4, messageId, 'NotImplemented', `${action} not scripted`, {}];
      };
      const boot = await station.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { model: 'OCTT-21', vendorName: 'Voltlane' },
      });
      expect(boot.status).toBe('Accepted');
      await station.call('StatusNotification', { timestamp: iso(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
      return station;
    }

    const sent = (station: Station21, action: string): Payload => {
      const calls = station.received.filter((c) => c.action === action);
      expect(calls.length).toBeGreaterThan(0);
      const call = calls[calls.length - 1] as { payload: Payload };
      expect(ocppValidator.validateRequest(V21, action, call.payload)).toMatchObject({ ok: true });
      return call.payload;
    };
    const recorded = async (stationId: string): Promise<Payload[]> => {
      const response = await harness.api.request('GET', `/api/v1/stations/${stationId}/tariffs`);
      return response.body as Payload[];
    };

    it('SetDefaultTariff sends our tariff as TariffType and records it; GetTariffs replaces and ClearTariffs removes the record', async () => {
      const id = newStationId('I21a');
      const cs = await station21(id);
      cs.answers.set('SetDefaultTariff', { status: 'Accepted' });
      const set = await harness.api.request('POST', `/api/v1/stations/${id}/tariffs/default`, { tariffId, evseId: 0, language: 'en' });
      expect(set.status).toBe(200);
      expect(set.body.result).toEqual({ status: 'Accepted' });
      const request = sent(cs, 'SetDefaultTariff');
      expect(request).toMatchObject({
        evseId: 0,
        tariff: {
          tariffId: `${tariffId}:1`,
          currency: 'EUR',
          description: [{ format: 'UTF8', content: 'OCTT I', language: 'en' }],
          energy: { prices: [{ priceKwh: 0.3 }], taxRates: [{ type: 'VAT', tax: 19 }] },
          fixedFee: { prices: [{ priceFixed: 1 }], taxRates: [{ type: 'VAT', tax: 19 }] },
        },
      });
      expect(request.tariff.chargingTime).toBeUndefined();
      expect(await recorded(id)).toEqual([
        expect.objectContaining({
          evseId: 0,
          stationTariffId: `${tariffId}:1`,
          tariffKind: 'DefaultTariff',
          tariffId,
          tariffVersion: 1,
          reportedBy: 'SetDefaultTariff',
        }),
      ]);

      cs.answers.set('GetTariffs', {
        status: 'Accepted',
        tariffAssignments: [
          { tariffId: `${tariffId}:1`, tariffKind: 'DefaultTariff', evseIds: [1, 2] },
          { tariffId: 'LOCAL-7', tariffKind: 'DefaultTariff' },
        ],
      });
      const got = await harness.api.request('POST', `/api/v1/stations/${id}/ocpp21/get-tariffs`, { evseId: 0 });
      expect(got.status).toBe(200);
      expect((await recorded(id)).map((t) => [t.evseId, t.stationTariffId, t.tariffId, t.reportedBy] as unknown[])).toEqual([
        [0, 'LOCAL-7', null, 'GetTariffs'],
        [1, `${tariffId}:1`, tariffId, 'GetTariffs'],
        [2, `${tariffId}:1`, tariffId, 'GetTariffs'],
      ]);

      cs.answers.set('ClearTariffs', { clearTariffsResult: [{ tariffId: `${tariffId}:1`, status: 'Accepted' }] });
      const cleared = await harness.api.request('POST', `/api/v1/stations/${id}/ocpp21/clear-tariffs`, { tariffIds: [`${tariffId}:1`] });
      expect(cleared.status).toBe(200);
      expect((await recorded(id)).map((t) => t.stationTariffId as unknown)).toEqual(['LOCAL-7']);
      cs.answers.set('ClearTariffs', { clearTariffsResult: [{ status: 'Accepted' }] });
      expect((await harness.api.request('POST', `/api/v1/stations/${id}/ocpp21/clear-tariffs`, {})).status).toBe(200);
      expect(await recorded(id)).toEqual([]);
    });

    it('SetDefaultTariff answers 404 for an unknown tariff, 400 for a 2.0.1 station, and records nothing when Rejected', async () => {
      const id = newStationId('I21b');
      const cs = await station21(id);
      expect(
        (await harness.api.request('POST', `/api/v1/stations/${id}/tariffs/default`, { tariffId: '00000000-0000-4000-8000-000000000000' }))
          .status,
      ).toBe(404);
      expect((await harness.api.request('POST', `/api/v1/stations/${id}/tariffs/default`, { tariffId: 'not-a-uuid' })).status).toBe(400);
      cs.answers.set('SetDefaultTariff', { status: 'TooManyElements' });
      const rejected = await harness.api.request('POST', `/api/v1/stations/${id}/tariffs/default`, { tariffId });
      expect(rejected.body.result).toEqual({ status: 'TooManyElements' });
      expect(await recorded(id)).toEqual([]);
      const id201 = newStationId('I21c');
      await Station201.booted(harness, id201);
      const mismatch = await harness.api.request('POST', `/api/v1/stations/${id201}/tariffs/default`, { tariffId });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.code).toBe('protocol-mismatch');
    });

    it('ChangeTransactionTariff, CostUpdated while running, and an Ended event with the station’s costDetails stored and totalCost equal to the CDR', async () => {
      const id = newStationId('I21d');
      const cs = await station21(id);
      cs.answers.set('ChangeTransactionTariff', { status: 'Accepted' });
      cs.answers.set('CostUpdated', {});
      const txId = `tx21-${Date.now()}`;
      const event = (seqNo: number, eventType: string, extra: Payload) => ({
        eventType,
        timestamp: iso(),
        seqNo,
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: token.idToken, type: token.type },
        ...extra,
      });
      await cs.call(
        'TransactionEvent',
        event(0, 'Started', {
          triggerReason: 'Authorized',
          transactionInfo: { transactionId: txId, chargingState: 'Charging' },
          meterValue: [energyValue(10_000, 'Transaction.Begin')],
        }),
      );
      const changed = await harness.api.request('POST', `/api/v1/stations/${id}/transactions/${txId}/tariff`, { tariffId });
      expect(changed.status).toBe(200);
      expect(sent(cs, 'ChangeTransactionTariff')).toMatchObject({ transactionId: txId, tariff: { tariffId: `${tariffId}:1` } });
      expect(await recorded(id)).toEqual([expect.objectContaining({ tariffKind: 'DriverTariff', transactionId: txId, tariffId })]);
      await waitFor(() => cs.received.some((c) => c.action === 'CostUpdated' && c.payload.transactionId === txId), {
        timeoutMs: 20_000,
        message: 'CostUpdated to the 2.1 station',
      });
      expect(sent(cs, 'CostUpdated')).toMatchObject({ transactionId: txId, totalCost: expect.any(Number) });

      const costDetails = {
        totalCost: {
          currency: 'EUR',
          typeOfCost: 'NormalCost',
          energy: { exclTax: 1.5 },
          fixed: { exclTax: 1 },
          total: { exclTax: 2.5, inclTax: 2.98 },
        },
        totalUsage: { energy: 5_000, chargingTime: 600, idleTime: 0 },
      };
      const ended = await cs.call(
        'TransactionEvent',
        event(1, 'Ended', {
          triggerReason: 'StopAuthorized',
          transactionInfo: { transactionId: txId, chargingState: 'Idle', stoppedReason: 'Local' },
          meterValue: [energyValue(15_000, 'Transaction.End')],
          costDetails,
        }),
      );
      // 5 000 Wh: 1.50 + 1.00 = 2.50 net, 0.475 → 0.48 VAT → 2.98.
      expect(ended.totalCost).toBe(2.98);
      const cdr = await cdrOf(id);
      expect(Number(cdr.totalInclTax.amount)).toBe(ended.totalCost);
      const [stored] = await harness
        .service('session')
        .dataSource.query<Row[]>(
          `SELECT e.cost_details FROM transaction_event e JOIN session s ON s.id = e.session_id WHERE s.station_id = $1 AND e.event_type = 'Ended'`,
          [id],
        );
      expect(stored?.cost_details).toEqual(costDetails);
    });
  });

  // Last: the operator API of this stack keeps the billing-service handle it started with.
  it('CostUpdated keeps its schedule across a billing-service restart', async () => {
    const id = newStationId('I01r');
    await priceStation(id);
    const cs = await Station201.booted(harness, id);
    cs.answer('CostUpdated', {});
    const tx = await cs.charging(token);
    await waitFor(() => costUpdates(cs, tx).length >= 1, { timeoutMs: 20_000, message: 'a first CostUpdated' });
    await harness.restartService('billing');
    const before = costUpdates(cs, tx).length;
    await waitFor(() => costUpdates(cs, tx).length > before, { timeoutMs: 20_000, message: 'CostUpdated after the restart' });
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(1_000, 'Transaction.End')],
    });
  });
});
