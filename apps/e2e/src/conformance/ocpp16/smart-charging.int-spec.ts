// OCTT 1.6 Central System test cases, Smart Charging profile.
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  ChargePoint16,
  handles,
  newChargePointId,
  newIdTag,
  provisionIdTag,
  startConformanceStack,
  waitForSession,
} from '../ocpp16-station';

describe('OCTT 1.6 Central System: Smart Charging', () => {
  let harness: StackHarness;
  const TAG = newIdTag('SMC');

  beforeAll(async () => {
    harness = await startConformanceStack();
    await provisionIdTag(harness, TAG);
  }, 120_000);
  afterAll(() => harness?.stop());

  /** The profiles the CSMS stores as installed on the station. */
  const storedProfiles = async (id: string) =>
    (await handles(harness).sessions.sessions.chargingProfiles(id, { limit: 100, offset: 0 })).items;
  const waitForProfiles = (id: string, predicate: (ids: number[]) => boolean, message: string) =>
    waitFor(async () => predicate((await storedProfiles(id)).map((p) => p.profileId)), { timeoutMs: 15_000, message: `${id}: ${message}` });

  const schedule = (limit: number, extra: Record<string, unknown> = {}) => ({
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit, numberPhases: 3 },
      { startPeriod: 600, limit: limit / 2, numberPhases: 3 },
    ],
    ...extra,
  });

  it('TC_056_CSMS TxDefaultProfile', async () => {
    const id = newChargePointId('056');
    const cp = await ChargePoint16.booted(harness, id);
    const request = {
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 56,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: schedule(16, { startSchedule: new Date().toISOString(), duration: 3_600 }),
      },
    };
    expect(await cp.commandResult('SetChargingProfile', request)).toEqual({ status: 'Accepted' });
    const sent = (await cp.receivedCalls('SetChargingProfile'))[0].payload;
    expect(sent).toMatchObject({ connectorId: 0, csChargingProfiles: { chargingProfilePurpose: 'TxDefaultProfile' } });
    expect((sent.csChargingProfiles as Record<string, unknown>).transactionId).toBeUndefined();
    await waitForProfiles(id, (ids) => ids.includes(56), 'profile 56 stored');
    expect((await storedProfiles(id)).find((p) => p.profileId === 56)).toMatchObject({
      evseId: 0,
      stackLevel: 0,
      purpose: 'TxDefaultProfile',
      transactionRef: null,
    });

    // A session started afterwards runs under the default profile.
    const tx = await cp.charging(TAG);
    expect((await waitForSession(harness, id, tx)).status).toBe('Active');
  });

  it('TC_057_CSMS TxProfile', async () => {
    const id = newChargePointId('057');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);
    const request = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 57,
        transactionId: tx,
        stackLevel: 0,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: schedule(10),
      },
    };
    expect(await cp.commandResult('SetChargingProfile', request)).toEqual({ status: 'Accepted' });
    const sent = (await cp.receivedCalls('SetChargingProfile'))[0].payload;
    expect(sent).toMatchObject({ connectorId: 1, csChargingProfiles: { chargingProfilePurpose: 'TxProfile', transactionId: tx } });
    await waitForProfiles(id, (ids) => ids.includes(57), 'profile 57 stored');
    expect((await storedProfiles(id)).find((p) => p.profileId === 57)).toMatchObject({
      evseId: 1,
      purpose: 'TxProfile',
      transactionRef: String(tx),
    });
  });

  it('TC_059_CSMS RemoteStart with profile', async () => {
    const id = newChargePointId('059');
    const cp = await ChargePoint16.booted(harness, id);
    const chargingProfile = {
      chargingProfileId: 59,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: schedule(12),
    };
    expect(await cp.commandResult('RemoteStartTransaction', { connectorId: 1, idTag: TAG, chargingProfile })).toEqual({
      status: 'Accepted',
    });
    const sent = (await cp.receivedCalls('RemoteStartTransaction'))[0].payload;
    // A profile on a remote start is a TxProfile without transactionId.
    expect(sent.chargingProfile).toMatchObject({ chargingProfilePurpose: 'TxProfile' });
    expect((sent.chargingProfile as Record<string, unknown>).transactionId).toBeUndefined();
    await cp.status(1, 'Preparing');
    const started = await cp.startTransaction(TAG);
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.status(1, 'Charging');
    expect((await waitForSession(harness, id, started.transactionId)).idToken).toBe(TAG);
  });

  it('TC_066_CSMS GetCompositeSchedule', async () => {
    const id = newChargePointId('066');
    const cp = await ChargePoint16.booted(harness, id);
    const scheduleStart = new Date().toISOString();
    const composite = {
      status: 'Accepted',
      connectorId: 1,
      scheduleStart,
      chargingSchedule: schedule(16, { duration: 300, startSchedule: scheduleStart }),
    };
    cp.answer('GetCompositeSchedule', composite);
    expect(await cp.commandResult('GetCompositeSchedule', { connectorId: 1, duration: 300, chargingRateUnit: 'A' })).toEqual(composite);
  });

  it('TC_067_CSMS ClearChargingProfile', async () => {
    const id = newChargePointId('067');
    const cp = await ChargePoint16.booted(harness, id);
    const request = {
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 67,
        stackLevel: 1,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        chargingSchedule: schedule(20, { startSchedule: new Date().toISOString(), duration: 86_400 }),
      },
    };
    expect(await cp.commandResult('SetChargingProfile', request)).toEqual({ status: 'Accepted' });
    await waitForProfiles(id, (ids) => ids.includes(67), 'profile 67 stored');
    expect(await cp.commandResult('ClearChargingProfile', { id: 67 })).toEqual({ status: 'Accepted' });
    await waitForProfiles(id, (ids) => !ids.includes(67), 'profile 67 cleared');
    cp.answer('ClearChargingProfile', { status: 'Unknown' });
    expect(
      await cp.commandResult('ClearChargingProfile', { connectorId: 0, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 }),
    ).toEqual({ status: 'Unknown' });
  });
});
