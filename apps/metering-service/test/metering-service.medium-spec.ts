import { parseMeteringSamplesEvent, type MeteringSamplesEvent } from '@voltlane/contracts';
import { uniqueName, waitFor } from '@voltlane/testing';
import { ServiceHarness, type FakeStation } from '@voltlane/testing/medium';
import { startMeteringService, type MeteringServiceHandle } from '../src';

// The metering-service alone on the in-process ports and its own PostgreSQL schema. The
// session-service is not there: nobody answers Start/Stop/TransactionEvent (`send`, not `call`),
// but the metering-service still observes them.
describe('metering-service (medium)', () => {
  let harness: ServiceHarness<MeteringServiceHandle>;
  let metering: MeteringServiceHandle;

  beforeAll(async () => {
    harness = await ServiceHarness.start({ start: startMeteringService, service: 'metering-service' });
    metering = harness.service;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const eventsOf = (stationId: string): MeteringSamplesEvent[] =>
    harness
      .records('MeteringSamples')
      .filter((m) => m.key === stationId)
      .map((m) => parseMeteringSamplesEvent(JSON.parse(m.value)));

  async function rowsOf(stationId: string): Promise<
    {
      transaction_ref: string | null;
      evse_id: number | null;
      measurand: string;
      phase: string | null;
      unit: string;
      value: string | null;
      context: string;
    }[]
  > {
    return metering.dataSource.query(
      `SELECT transaction_ref, evse_id, measurand, phase, unit, value::text AS value, context FROM meter_samples WHERE station_id = $1 ORDER BY sampled_at, measurand, phase NULLS FIRST`,
      [stationId],
    );
  }

  describe('OCPP 1.6', () => {
    const meterValues = {
      connectorId: 1,
      transactionId: 42,
      meterValue: [
        {
          timestamp: '2026-01-10T10:15:00Z',
          sampledValue: [
            { value: '12.3456', unit: 'kWh' },
            { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' },
            { value: '16.1', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
            { value: '16.25', measurand: 'Current.Import', phase: 'L2', unit: 'A' },
            { value: '0.5', measurand: 'Energy.Reactive.Import.Register', unit: 'kvarh' },
            { value: '21', measurand: 'Temperature', unit: 'Celcius', location: 'Body' },
          ],
        },
      ],
    };
    let stationId: string;
    let station: FakeStation;

    beforeAll(async () => {
      stationId = uniqueName('MV16').toUpperCase();
      station = await harness.connect(stationId, 'ocpp1.6', { bootStatus: 'Accepted' });
    });

    it('answers MeterValues with {} and stores every measurand and phase normalized (kWh → Wh, kW → W)', async () => {
      const answer = await station.call('MeterValues', meterValues, 'mv-1');
      expect(answer).toEqual([3, 'mv-1', {}]);

      const samples = await metering.samples.samplesForTransaction(stationId, '42');
      expect(samples.map((s) => [s.measurand, s.phase, s.location, s.context, s.unit, s.value, s.rawValue])).toEqual([
        ['Current.Import', 'L1', 'Outlet', 'Sample.Periodic', 'A', '16.1', '16.1'],
        ['Current.Import', 'L2', 'Outlet', 'Sample.Periodic', 'A', '16.25', '16.25'],
        ['Energy.Active.Import.Register', null, 'Outlet', 'Sample.Periodic', 'Wh', '12345.6', '12.3456'],
        ['Energy.Reactive.Import.Register', null, 'Outlet', 'Sample.Periodic', 'varh', '500', '0.5'],
        ['Power.Active.Import', null, 'Outlet', 'Sample.Periodic', 'W', '7200', '7.2'],
        ['Temperature', null, 'Body', 'Sample.Periodic', 'Celsius', '21', '21'],
      ]);
      expect(samples.every((s) => s.evseId === 1 && s.timestamp === '2026-01-10T10:15:00.000Z')).toBe(true);
    });

    it('stores a re-sent frame (new message id, same content) once and publishes it once', async () => {
      const answer = await station.call('MeterValues', meterValues, 'mv-2');
      expect(answer).toEqual([3, 'mv-2', {}]);

      expect(await rowsOf(stationId)).toHaveLength(6);
      const event = await harness.waitForRecord('MeteringSamples', (m) => m.key === stationId);
      const parsed = parseMeteringSamplesEvent(JSON.parse(event.value));
      expect(parsed).toMatchObject({
        stationId,
        protocol: 'ocpp1.6',
        source: { action: 'MeterValues', messageId: 'mv-1' },
        transactionRef: '42',
        evseId: 1,
      });
      expect(parsed.samples).toHaveLength(6);
      expect(parsed.samples.find((s) => s.measurand === 'Energy.Active.Import.Register' && !s.phase)?.value).toBe('12345.6');
      // Everything mv-2 caused has been handled and published by now.
      await harness.settle();
      expect(eventsOf(stationId)).toHaveLength(1);
    });

    it('observes StartTransaction.meterStart and StopTransaction.meterStop/transactionData and computes the energy', async () => {
      await station.send('StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 12000, timestamp: '2026-01-10T10:00:00Z' });
      await station.send('StopTransaction', {
        transactionId: 42,
        meterStop: 15250,
        timestamp: '2026-01-10T10:30:00Z',
        reason: 'Local',
        transactionData: [{ timestamp: '2026-01-10T10:29:00Z', sampledValue: [{ value: '15.2', unit: 'kWh', context: 'Sample.Clock' }] }],
      });

      await waitFor(async () => (await metering.samples.energyForTransaction(stationId, '42'))?.endWh === '15250', {
        message: 'stop observed',
      });
      expect(await metering.samples.energyForTransaction(stationId, '42')).toEqual({
        stationId,
        transactionRef: '42',
        startWh: '12000',
        startedAt: '2026-01-10T10:00:00.000Z',
        endWh: '15250',
        endedAt: '2026-01-10T10:30:00.000Z',
        energyWh: '3250',
      });
      const stop = (await metering.samples.samplesForTransaction(stationId, '42')).filter((s) => s.sourceAction === 'StopTransaction');
      expect(stop.map((s) => [s.context, s.value, s.evseId])).toEqual([
        ['Sample.Clock', '15200', 1],
        ['Transaction.End', '15250', 1],
      ]);
    });
  });

  describe('OCPP 2.0.1', () => {
    let stationId: string;
    let station: FakeStation;

    beforeAll(async () => {
      stationId = uniqueName('MV201').toUpperCase();
      station = await harness.connect(stationId, 'ocpp2.0.1', { bootStatus: 'Accepted' });
    });

    it('answers MeterValues with {} and applies the unitOfMeasure multiplier', async () => {
      const answer = await station.call(
        'MeterValues',
        {
          evseId: 2,
          meterValue: [
            {
              timestamp: '2026-01-10T11:00:00.000Z',
              sampledValue: [
                { value: 1.5, unitOfMeasure: { unit: 'Wh', multiplier: 3 } },
                { value: 11, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } },
                { value: 2301, measurand: 'Voltage', phase: 'L1-N', unitOfMeasure: { unit: 'V', multiplier: -1 } },
              ],
            },
          ],
        },
        'mv201-1',
      );
      expect(answer).toEqual([3, 'mv201-1', {}]);
      await waitFor(async () => (await rowsOf(stationId)).length === 3, { message: '2.0.1 samples stored' });
      expect(await rowsOf(stationId)).toEqual([
        {
          transaction_ref: null,
          evse_id: 2,
          measurand: 'Energy.Active.Import.Register',
          phase: null,
          unit: 'Wh',
          value: '1500.000000',
          context: 'Sample.Periodic',
        },
        {
          transaction_ref: null,
          evse_id: 2,
          measurand: 'Power.Active.Import',
          phase: null,
          unit: 'W',
          value: '11000.000000',
          context: 'Sample.Periodic',
        },
        {
          transaction_ref: null,
          evse_id: 2,
          measurand: 'Voltage',
          phase: 'L1-N',
          unit: 'V',
          value: '230.100000',
          context: 'Sample.Periodic',
        },
      ]);
    });

    it('observes the meterValue of TransactionEvent (answered by the session-service, not here)', async () => {
      const transactionId = `tx-${uniqueName('t')}`;
      const event = (eventType: string, seqNo: number, extra: Record<string, unknown>) => ({
        eventType,
        timestamp: extra.timestamp,
        triggerReason: eventType === 'Started' ? 'Authorized' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId },
        ...extra,
      });
      await station.send(
        'TransactionEvent',
        event('Started', 0, {
          timestamp: '2026-01-10T12:00:00.000Z',
          evse: { id: 1, connectorId: 1 },
          meterValue: [{ timestamp: '2026-01-10T12:00:00.000Z', sampledValue: [{ value: 1000, context: 'Transaction.Begin' }] }],
        }),
      );
      await station.send(
        'TransactionEvent',
        event('Updated', 1, {
          timestamp: '2026-01-10T12:15:00.000Z',
          meterValue: [{ timestamp: '2026-01-10T12:15:00.000Z', sampledValue: [{ value: 2.75, unitOfMeasure: { unit: 'kWh' } }] }],
        }),
      );

      await waitFor(async () => (await metering.samples.samplesForTransaction(stationId, transactionId)).length === 2, {
        message: 'TransactionEvent samples',
      });
      const samples = await metering.samples.samplesForTransaction(stationId, transactionId);
      expect(samples.map((s) => [s.context, s.value, s.evseId, s.connectorId, s.sourceAction])).toEqual([
        ['Transaction.Begin', '1000', 1, 1, 'TransactionEvent'],
        ['Sample.Periodic', '2750', 1, 1, 'TransactionEvent'],
      ]);
      expect(await metering.samples.energyForTransaction(stationId, transactionId)).toMatchObject({
        startWh: '1000',
        endWh: '2750',
        energyWh: '1750',
      });
    });
  });

  it('publishes metering.samples.v1 records that validate against the contract', async () => {
    await waitFor(() => harness.records('MeteringSamples').length >= 5, { message: 'metering.samples.v1 records' });
    const records = harness.records('MeteringSamples');
    for (const record of records) {
      const event = parseMeteringSamplesEvent(JSON.parse(record.value));
      expect(record.key).toBe(event.stationId);
    }
    const ids = records.flatMap((r) => parseMeteringSamplesEvent(JSON.parse(r.value)).samples.map((s) => s.sampleId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
