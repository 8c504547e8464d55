// OCTT 2.0.1 CSMS test cases, functional block K (Smart Charging), ISO 15118 use cases K15–K17:
// the CSMS answers an EV's charging needs and then sends a TxProfile with a schedule (K15.FR.03),
// checks the EV's schedule against it (Accepted / Rejected and renegotiated), sends a new one when
// the EV asks again (K17) and when its own limits change (K16). The energy-service answers them
// (load management): a station in no site gets the EV's own maximum, a station in a site its share.
import { ocppValidator, type v201 } from '@voltlane/ocpp';
import { uniqueName, waitFor } from '@voltlane/testing';
import { StackHarness } from '../../stack-harness';
import {
  Station201,
  Transaction201,
  iso,
  newIdToken,
  newStationId,
  provisionIdToken,
  type Payload,
  type ReceivedCall,
} from '../ocpp201-station';

const AC_NEEDS = {
  requestedEnergyTransfer: 'AC_three_phase',
  acChargingParameters: { energyAmount: 50_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 230 },
};

describe('OCTT 2.0.1 CSMS — K Smart Charging (ISO 15118, K15–K17)', () => {
  let harness: StackHarness;
  let token: v201.IdTokenType;

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'energy'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        ENERGY_SERVICE_REPLAN_DEBOUNCE_MS: '100',
        ENERGY_SERVICE_PLAN_POLL_MS: '100',
      },
    });
    token = await provisionIdToken(harness, newIdToken('K'));
  });
  afterAll(() => harness?.stop());

  const profiles = (cs: Station201) => cs.received.filter((c) => c.action === 'SetChargingProfile');

  /** A booted station that accepts profiles; in the site `siteId` (its grid `gridA` per phase) when given. */
  async function station(tc: string, site?: { gridA: number }): Promise<{ cs: Station201; siteId?: string }> {
    const id = newStationId(tc);
    let siteId: string | undefined;
    if (site) {
      siteId = uniqueName(`k-${tc}`).replace(/_/g, '-').slice(0, 64);
      expect((await harness.api.request('POST', '/api/v1/energy/sites', { siteId, name: `OCTT ${tc}` })).status).toBe(201);
      expect(
        (
          await harness.api.request('PUT', `/api/v1/energy/sites/${siteId}/nodes/grid`, {
            kind: 'grid',
            parentId: null,
            limitA: site.gridA,
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await harness.api.request('PUT', `/api/v1/energy/sites/${siteId}/nodes/cs`, {
            kind: 'station',
            parentId: 'grid',
            stationId: id,
            maxA: 32,
          })
        ).status,
      ).toBe(201);
    }
    const cs = await Station201.connect(harness, id);
    cs.answer('SetChargingProfile', { status: 'Accepted' });
    await cs.boot();
    await cs.status(1, 1, 'Available');
    return { cs, ...(siteId ? { siteId } : {}) };
  }

  /** OCTT reusable states Authorized and EVConnectedPreSession: plugged in (EVConnected), then authorized. */
  async function preSession(cs: Station201): Promise<Transaction201> {
    const tx = new Transaction201(1, 1);
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected' });
    expect((await cs.authorize(token)).status).toBe('Accepted');
    await cs.event(tx, 'Updated', 'Authorized', { idToken: token });
    return tx;
  }

  /** The next SetChargingProfile after the first `after`: a TxProfile for EVSE 1 of the transaction, fitting the 2.0.1 schema. */
  async function txProfile(cs: Station201, tx: Transaction201, after: number): Promise<ReceivedCall> {
    const [call] = (await cs.receivedCalls('SetChargingProfile', after + 1, 30_000)).slice(after);
    const check = ocppValidator.validateRequest('ocpp2.0.1', 'SetChargingProfile', call?.payload);
    expect(check.ok ? 'valid' : check.message).toBe('valid');
    expect(call?.payload).toMatchObject({ evseId: 1, chargingProfile: { chargingProfilePurpose: 'TxProfile', transactionId: tx.id } });
    if (!call) throw new Error('no SetChargingProfile');
    return call;
  }

  /** In a site the session's start is planned too: its TxProfile and the station's fail-safe default come before the EV's needs. */
  async function sessionPlanned(cs: Station201, tx: Transaction201): Promise<void> {
    const purposes = (): [string, string | undefined][] =>
      profiles(cs).map((c) => {
        const profile = c.payload.chargingProfile as { chargingProfilePurpose: string; transactionId?: string };
        return [profile.chargingProfilePurpose, profile.transactionId];
      });
    await waitFor(
      () =>
        purposes().some(([purpose, id]) => purpose === 'TxProfile' && id === tx.id) &&
        purposes().some(([purpose]) => purpose === 'TxDefaultProfile'),
      { timeoutMs: 30_000, message: 'the session planned' },
    );
  }

  const scheduleOf = (call: ReceivedCall): Payload => (call.payload.chargingProfile.chargingSchedule as Payload[])[0] ?? {};

  /** NotifyEVChargingNeeds: Accepted, before any SetChargingProfile; then the TxProfile that follows it. */
  /** Waits until no SetChargingProfile has arrived for a second: what earlier changes planned has been sent. */
  async function quiet(cs: Station201): Promise<void> {
    for (let seen = -1; seen !== profiles(cs).length;) {
      seen = profiles(cs).length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async function needs(cs: Station201, tx: Transaction201, chargingNeeds: Payload = AC_NEEDS): Promise<ReceivedCall> {
    await quiet(cs);
    const before = profiles(cs).length;
    const answer = await cs.call<v201.NotifyEVChargingNeedsResponse>('NotifyEVChargingNeeds', {
      evseId: 1,
      maxScheduleTuples: 10,
      chargingNeeds,
    });
    expect(profiles(cs).length).toBe(before); // the answer comes first (K15.FR.03: the profile follows it)
    expect(answer.status).toBe('Accepted');
    return txProfile(cs, tx, before);
  }

  async function evSchedule(cs: Station201, schedule: Payload): Promise<string> {
    return (
      await cs.call<v201.NotifyEVChargingScheduleResponse>('NotifyEVChargingSchedule', {
        evseId: 1,
        timeBase: iso(),
        chargingSchedule: schedule,
      })
    ).status;
  }

  /** OCTT reusable state ISO15118SmartCharging: needs → TxProfile → the EV's schedule (its own) Accepted → charging. */
  async function iso15118SmartCharging(
    cs: Station201,
    tx: Transaction201,
    chargingNeeds: Payload = { requestedEnergyTransfer: 'AC_three_phase' },
  ): Promise<ReceivedCall> {
    const profile = await needs(cs, tx, chargingNeeds);
    expect(await evSchedule(cs, scheduleOf(profile))).toBe('Accepted');
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    return profile;
  }

  it('TC_K_53_CSMS Charging with load leveling based on High Level Communication - Success', async () => {
    const { cs } = await station('K53');
    const tx = await preSession(cs);
    const profile = await iso15118SmartCharging(cs, tx, AC_NEEDS);
    // A station in no site: the EV's own maximum, on its three phases.
    expect(scheduleOf(profile)).toMatchObject({
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 32, numberPhases: 3 }],
    });
    // The CSMS does not renegotiate without cause.
    const settled = profiles(cs).length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(profiles(cs).length).toBe(settled);
  });

  it('TC_K_55_CSMS Charging with load leveling based on High Level Communication - EV charging profile exceeds limits', async () => {
    const { cs } = await station('K55');
    const tx = await preSession(cs);
    const first = await needs(cs, tx, { requestedEnergyTransfer: 'AC_three_phase' });
    const schedule = scheduleOf(first);
    const exceeding = {
      ...schedule,
      chargingSchedulePeriod: (schedule.chargingSchedulePeriod as Payload[]).map((p) => ({ ...p, limit: (p.limit as number) * 2 })),
    };
    const before = profiles(cs).length;
    expect(await evSchedule(cs, exceeding)).toBe('Rejected');
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    // K15.FR.13: the CSMS starts a new renegotiation: the allocation's TxProfile again.
    const second = await txProfile(cs, tx, before);
    expect(await evSchedule(cs, scheduleOf(second))).toBe('Accepted');
    await cs.event(tx, 'Updated', 'ChargingRateChanged');
  });

  it('TC_K_57_CSMS Renegotiating a Charging Schedule ISO 15118-20 - Initiated by EV', async () => {
    const { cs } = await station('K57');
    const tx = await preSession(cs);
    await iso15118SmartCharging(cs, tx);
    const renegotiated = await needs(cs, tx, { requestedEnergyTransfer: 'AC_three_phase' });
    expect(await evSchedule(cs, scheduleOf(renegotiated))).toBe('Accepted');
  });

  it('TC_K_58_CSMS Renegotiating a Charging Schedule ISO 15118-2 - Initiated by CSMS', async () => {
    const { cs, siteId } = await station('K58', { gridA: 32 });
    const tx = await preSession(cs);
    await sessionPlanned(cs, tx);
    await iso15118SmartCharging(cs, tx);
    // The operator lowers the site's limit (an external system's limit): the CSMS renegotiates.
    const before = profiles(cs).length;
    expect(
      (await harness.api.request('POST', `/api/v1/energy/sites/${siteId}/limits`, { nodeId: 'grid', limitA: 16, origin: 'OCTT' })).status,
    ).toBe(201);
    const renegotiated = await txProfile(cs, tx, before);
    expect(scheduleOf(renegotiated)).toMatchObject({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] });
    expect(await evSchedule(cs, scheduleOf(renegotiated))).toBe('Accepted');
  });

  it('TC_K_59_CSMS Renegotiating a Charging Schedule ISO 15118-2 - Initiated by CSMS - Send NotifyEVChargingNeeds', async () => {
    const { cs, siteId } = await station('K59', { gridA: 32 });
    const tx = await preSession(cs);
    await sessionPlanned(cs, tx);
    await iso15118SmartCharging(cs, tx);
    const before = profiles(cs).length;
    expect(
      (await harness.api.request('POST', `/api/v1/energy/sites/${siteId}/limits`, { nodeId: 'grid', limitA: 20, origin: 'OCTT' })).status,
    ).toBe(201);
    await txProfile(cs, tx, before);
    // The station resends the EV's needs (K16.FR.12): the CSMS sends a SetChargingProfile again, although nothing changed.
    const again = await needs(cs, tx, { requestedEnergyTransfer: 'AC_three_phase' });
    expect(scheduleOf(again)).toMatchObject({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 20 }] });
    expect(await evSchedule(cs, scheduleOf(again))).toBe('Accepted');
  });
});
