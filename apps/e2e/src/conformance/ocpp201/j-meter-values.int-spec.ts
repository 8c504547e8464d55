// OCTT 2.0.1 CSMS test cases, functional block J (Meter values): clock-aligned and sampled values,
// outside and inside transactions, signed values. The metering-service must store every sample.
import type { v201 } from '@voltlane/ocpp';
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  Transaction201,
  energyValue,
  newIdToken,
  newStationId,
  provisionIdToken,
  services201,
  signedEnergyValue,
  startConformanceStack201,
  waitForRows,
  waitForSession201,
} from '../ocpp201-station';
import { waitFor } from '@voltlane/testing';

describe('OCTT 2.0.1 CSMS — J Meter values', () => {
  let harness: StackHarness;
  let token: v201.IdTokenType;

  beforeAll(async () => {
    harness = await startConformanceStack201();
    token = await provisionIdToken(harness, newIdToken('J'));
  });
  afterAll(() => harness?.stop());

  async function samples(id: string, tx: Transaction201, count: number) {
    const { metering } = services201(harness);
    await waitFor(async () => (await metering.samples.samplesForTransaction(id, tx.id)).length >= count, {
      timeoutMs: 15_000,
      message: `${count} samples of ${tx.id}`,
    });
    return metering.samples.samplesForTransaction(id, tx.id);
  }

  it('TC_J_01_CSMS Clock-aligned Meter Values - No transaction ongoing', async () => {
    const id = newStationId('J01');
    const cs = await Station201.booted(harness, id);
    expect(await cs.call('MeterValues', { evseId: 1, meterValue: [energyValue(12_345, 'Sample.Clock')] })).toEqual({});
    expect(await cs.call('MeterValues', { evseId: 0, meterValue: [energyValue(99_000, 'Sample.Clock')] })).toEqual({});
    const rows = await waitForRows(
      harness,
      'metering',
      "SELECT * FROM meter_samples WHERE station_id = $1 AND context = 'Sample.Clock' ORDER BY evse_id",
      [id],
      2,
      'clock samples',
    );
    expect(rows.map((r) => [r.evse_id, Number(r.value), r.transaction_ref])).toEqual([
      [0, 99_000, null],
      [1, 12_345, null],
    ]);
  });

  it('TC_J_02_CSMS Clock-aligned Meter Values - Transaction ongoing', async () => {
    const id = newStationId('J02');
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    expect(
      await cs.event(tx, 'Updated', 'MeterValueClock', { chargingState: 'Charging', meterValue: [energyValue(1_500, 'Sample.Clock')] }),
    ).toEqual({});
    expect((await samples(id, tx, 2)).map((s) => s.context)).toContain('Sample.Clock');
  });

  it('TC_J_03_CSMS Clock-aligned Meter Values - EventType Ended', async () => {
    const id = newStationId('J03');
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(2_500, 'Sample.Clock', Date.now() - 1_000), energyValue(3_000, 'Transaction.End')],
    });
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ meterStopWh: 3_000, energyWh: 2_000 });
    expect((await samples(id, tx, 3)).map((s) => s.context).sort()).toEqual(['Sample.Clock', 'Transaction.Begin', 'Transaction.End']);
  });

  it('TC_J_04_CSMS Clock-aligned Meter Values - Signed', async () => {
    const id = newStationId('J04');
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    expect(
      await cs.event(tx, 'Updated', 'MeterValueClock', {
        chargingState: 'Charging',
        meterValue: [signedEnergyValue(1_700, 'Sample.Clock')],
      }),
    ).toEqual({});
    const clock = (await samples(id, tx, 2)).find((s) => s.context === 'Sample.Clock');
    expect(clock?.signed).toBeTruthy();
  });

  it('TC_J_07_CSMS Sampled Meter Values - EventType Started - EVSE known', async () => {
    const id = newStationId('J07');
    const cs = await Station201.booted(harness, id);
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', {
      chargingState: 'EVConnected',
      meterValue: [energyValue(7_000, 'Transaction.Begin')],
    });
    const [begin] = await samples(id, tx, 1);
    expect(begin).toMatchObject({ context: 'Transaction.Begin', evseId: 1 });
    expect(Number(begin.value)).toBe(7_000);
  });

  it('TC_J_08_CSMS Sampled Meter Values - Context Transaction.Begin - EVSE not known', async () => {
    const id = newStationId('J08');
    const cs = await Station201.booted(harness, id);
    const tx = new Transaction201();
    expect((await cs.authorize(token)).status).toBe('Accepted');
    await cs.event(tx, 'Started', 'Authorized', {
      idToken: token,
      withoutEvse: true,
      meterValue: [energyValue(7_100, 'Transaction.Begin')],
    });
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Updated', 'CablePluggedIn', {
      chargingState: 'EVConnected',
      meterValue: [energyValue(7_100, 'Transaction.Begin')],
    });
    expect((await samples(id, tx, 1)).some((s) => s.context === 'Transaction.Begin')).toBe(true);
    expect(await waitForSession201(harness, id, tx, (s) => s.evseId === 1)).toMatchObject({ evseId: 1, meterStartWh: 7_100 });
  });

  it('TC_J_09_CSMS Sampled Meter Values - EventType Updated', async () => {
    const id = newStationId('J09');
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    await cs.event(tx, 'Updated', 'MeterValuePeriodic', { chargingState: 'Charging', meterValue: [energyValue(1_800, 'Sample.Periodic')] });
    await cs.event(tx, 'Updated', 'MeterValuePeriodic', { chargingState: 'Charging', meterValue: [energyValue(2_600, 'Sample.Periodic')] });
    expect((await samples(id, tx, 3)).filter((s) => s.context === 'Sample.Periodic').map((s) => Number(s.value))).toEqual([1_800, 2_600]);
    expect(await waitForSession201(harness, id, tx, (s) => s.energyWh === 1_600)).toMatchObject({ status: 'Active' });
  });

  it('TC_J_10_CSMS Sampled Meter Values - EventType Ended', async () => {
    const id = newStationId('J10');
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(4_200, 'Transaction.End')],
    });
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ energyWh: 3_200 });
    expect((await samples(id, tx, 2)).map((s) => s.context)).toContain('Transaction.End');
  });

  it('TC_J_11_CSMS Sampled Meter Values - Signed', async () => {
    const id = newStationId('J11');
    const cs = await Station201.booted(harness, id);
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', {
      chargingState: 'EVConnected',
      meterValue: [signedEnergyValue(1_000, 'Transaction.Begin')],
    });
    await cs.event(tx, 'Updated', 'MeterValuePeriodic', {
      chargingState: 'Charging',
      meterValue: [signedEnergyValue(1_900, 'Sample.Periodic')],
    });
    const stored = await samples(id, tx, 2);
    expect(stored.every((s) => Boolean(s.signed))).toBe(true);
    // In 2.0.1 `value` is the reading and signedMeterValue its proof: both are kept.
    expect(stored.map((s) => Number(s.value))).toEqual([1_000, 1_900]);
  });
});
