// Load management on the whole stack: real stations over WebSockets through the gateway, Kafka,
// Redis and PostgreSQL; the session-service's lifecycle and the energy-service's planner. A site's
// shares reach the stations as charging profiles, a limit drop lowers them, a station that refuses
// profiles is flagged, and an EV's charging needs are answered and followed by a TxProfile.
import type { EnergyServiceHandle } from '@voltlane/energy-service';
import { uniqueName, waitFor, type TestStation } from '@voltlane/testing';
import { StackHarness } from './stack-harness';
import { Station201, Transaction201, type Payload } from './conformance/ocpp201-station';

/** The SetChargingProfile CALLs a station received, as [purpose, EVSE/connector, limit]. */
function profilesOf(calls: { action: string; payload: Payload }[]): [string, number, number][] {
  return calls
    .filter((c) => c.action === 'SetChargingProfile')
    .map(({ payload }) => {
      const profile = payload.chargingProfile ?? payload.csChargingProfiles;
      const schedule = Array.isArray(profile.chargingSchedule) ? profile.chargingSchedule[0] : profile.chargingSchedule;
      const row: [string, number, number] = [
        profile.chargingProfilePurpose,
        payload.evseId ?? payload.connectorId,
        schedule.chargingSchedulePeriod[0].limit,
      ];
      return row;
    });
}

/** A 1.6 charge point over a real WebSocket that answers SetChargingProfile and keeps what it got. */
async function chargePoint16(
  harness: StackHarness,
  id: string,
): Promise<{ ws: TestStation; received: { action: string; payload: Payload }[] }> {
  const ws = await harness.connect(id, 'ocpp1.6');
  const received: { action: string; payload: Payload }[] = [];
  ws.onCall = (action, payload, messageId) => {
    received.push({ action, payload });
    return action === 'SetChargingProfile' ? [3, messageId, { status: 'Accepted' }] : [4, messageId, 'NotImplemented', '', {}];
  };
  const boot = await ws.call('BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'LM-16' });
  expect(boot[2]).toMatchObject({ status: 'Accepted' });
  return { ws, received };
}

describe('load management on the whole stack', () => {
  let harness: StackHarness;
  let energy: EnergyServiceHandle;
  const SITE = uniqueName('site')
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 64);

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'energy'],
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        ENERGY_SERVICE_REPLAN_DEBOUNCE_MS: '100',
        ENERGY_SERVICE_PLAN_POLL_MS: '100',
      },
    });
    energy = harness.service('energy') as EnergyServiceHandle;
  });
  afterAll(() => harness?.stop());

  const a = uniqueName('lmA').slice(0, 40);
  const b = uniqueName('lmB').slice(0, 40);
  let csA: Station201;
  let csB: Awaited<ReturnType<typeof chargePoint16>>;
  let txA: Transaction201;

  it('a site with a 2.0.1 and a 1.6 station: sessions start, TxProfiles with the allocated limits arrive', async () => {
    const { sites, nodes } = energy.operations;
    await sites.create({ siteId: SITE, name: 'Whole-stack depot' });
    await nodes.put(SITE, 'grid', { kind: 'grid', parentId: null, limitA: 32 });
    await nodes.put(SITE, 'cs-a', { kind: 'station', parentId: 'grid', stationId: a, maxA: 32 });
    await nodes.put(SITE, 'cs-b', { kind: 'station', parentId: 'grid', stationId: b, maxA: 32 });
    csA = await Station201.connect(harness, a);
    csA.answer('SetChargingProfile', { status: 'Accepted' });
    await csA.boot();
    csB = await chargePoint16(harness, b);
    txA = new Transaction201(1, 1);
    await csA.event(txA, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected' });
    const started = await csB.ws.call('StartTransaction', {
      connectorId: 1,
      idTag: 'LM-TAG',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    const transactionId = (started[2] as { transactionId: number }).transactionId;
    // The two starts may be planned together or one after the other: the shares settle at 16 A each.
    const lastTx = (calls: { action: string; payload: Payload }[]) =>
      profilesOf(calls)
        .filter((p) => p[0] === 'TxProfile')
        .at(-1)?.[2];
    await waitFor(() => lastTx(csA.received) === 16 && lastTx(csB.received) === 16, {
      timeoutMs: 30_000,
      message: 'TxProfiles of 16 A at both stations',
    });
    for (const calls of [csA.received, csB.received]) {
      expect(profilesOf(calls).filter((p) => p[0] === 'TxDefaultProfile')).toEqual([['TxDefaultProfile', 0, 16]]);
      expect(
        profilesOf(calls)
          .filter((p) => p[0] === 'TxProfile')
          .every((p) => p[1] === 1),
      ).toBe(true);
    }
    expect(
      csA.received.find((c) => c.payload.chargingProfile?.chargingProfilePurpose === 'TxProfile')?.payload.chargingProfile.transactionId,
    ).toBe(txA.id);
    expect(
      csB.received.find((c) => c.payload.csChargingProfiles?.chargingProfilePurpose === 'TxProfile')?.payload.csChargingProfiles
        .transactionId,
    ).toBe(transactionId);
    const decision = await harness.waitForRecord(
      'EnergyAllocations',
      (m) =>
        (JSON.parse(m.value) as { siteId: string; sessions: unknown[] }).siteId === SITE &&
        (JSON.parse(m.value) as { sessions: unknown[] }).sessions.length === 2,
      20_000,
    );
    expect(decision.key).toBe(SITE);
  });

  it('a grid limit drop: new, lower profiles', async () => {
    const before = { a: csA.received.length, b: csB.received.length };
    await energy.operations.limits.add(SITE, { nodeId: 'grid', limitA: 20, origin: 'DSO' });
    await waitFor(() => profilesOf(csA.received.slice(before.a)).length >= 2 && profilesOf(csB.received.slice(before.b)).length >= 2, {
      timeoutMs: 30_000,
      message: 'lower profiles at both stations',
    });
    // The running session's share first, then the fail-safe default.
    expect(profilesOf(csA.received.slice(before.a))).toEqual([
      ['TxProfile', 1, 10],
      ['TxDefaultProfile', 0, 10],
    ]);
    expect(profilesOf(csB.received.slice(before.b))).toEqual([
      ['TxProfile', 1, 10],
      ['TxDefaultProfile', 0, 10],
    ]);
  });

  it('NotifyEVChargingNeeds: Accepted, then a SetChargingProfile with the EV’s maximum arrives', async () => {
    const before = csA.received.length;
    const answer = await csA.call('NotifyEVChargingNeeds', {
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_three_phase',
        acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: 8, evMaxVoltage: 400 },
      },
    });
    // Frames arrive in order: nothing had come when the answer did, so the profile follows it.
    expect(csA.received.length).toBe(before);
    expect(answer).toEqual({ status: 'Accepted' });
    await csA.receivedCalls('SetChargingProfile', profilesOf(csA.received).length + 1, 30_000);
    expect(profilesOf(csA.received.slice(before))).toEqual([['TxProfile', 1, 8]]);
  });

  it('a station that rejects profiles is flagged', async () => {
    const bad = uniqueName('lmR').slice(0, 40);
    await energy.operations.nodes.put(SITE, 'cs-r', { kind: 'station', parentId: 'grid', stationId: bad, maxA: 16 });
    const csR = await Station201.connect(harness, bad);
    csR.answer('SetChargingProfile', { status: 'Rejected' });
    await csR.boot();
    await csR.event(new Transaction201(1, 1), 'Started', 'CablePluggedIn', { chargingState: 'EVConnected' });
    await waitFor(
      async () =>
        (await energy.dataSource.query<unknown[]>('SELECT 1 FROM stations WHERE station_id = $1 AND flagged_at IS NOT NULL', [bad]))
          .length === 1,
      { timeoutMs: 30_000, message: `${bad} flagged` },
    );
    await waitFor(
      () =>
        harness.records('EnergyAllocations').some((m) => {
          const value = JSON.parse(m.value) as { siteId: string; sessions: { stationId: string; status: string }[] };
          return value.siteId === SITE && value.sessions.some((s) => s.stationId === bad && s.status === 'Fixed');
        }),
      { timeoutMs: 30_000, message: 'the flagged station counted as a fixed draw' },
    );
  });
});
