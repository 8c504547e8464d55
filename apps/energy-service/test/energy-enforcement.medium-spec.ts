// The energy-service's enforcement on the in-process ports: a station that refuses profiles is
// flagged and counted at its maximum; a station that reconnects gets its profiles again and is
// checked with GetCompositeSchedule; an offline station's sessions are fixed draws.
import { parseEnergyAllocation } from '@voltlane/contracts';
import { waitFor } from '@voltlane/testing';
import { TX_REFUSAL_GRACE_MS } from '../src/application/enforcement/profile-enforcer';
import { plan, ProfileStation, start, startHarness, TestSession, type EnergyHarness } from './energy-runtime.builders';

let harness: EnergyHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const latest = (siteId: string) =>
  harness
    .records('EnergyAllocations')
    .map((m) => parseEnergyAllocation(JSON.parse(m.value)))
    .filter((a) => a.siteId === siteId)
    .map((a) => ({ ...a, sessions: [...a.sessions].sort((x, y) => x.stationId.localeCompare(y.stationId)) }))
    .at(-1);

async function site(siteId: string, stations: { stationId: string; maxA: number }[], gridA: number): Promise<void> {
  const { sites, nodes } = harness.service.operations;
  await sites.create({ siteId, name: siteId });
  await nodes.put(siteId, 'grid', { kind: 'grid', parentId: null, limitA: gridA });
  for (const { stationId, maxA } of stations) {
    await nodes.put(siteId, stationId.toLowerCase(), { kind: 'station', parentId: 'grid', stationId });
    await nodes.put(siteId, `${stationId.toLowerCase()}-1`, {
      kind: 'evse',
      parentId: stationId.toLowerCase(),
      stationId,
      evseId: 1,
      maxA,
    });
  }
}

describe('a station that refuses profiles', () => {
  it.each([
    ['answers Rejected', { status: 'Rejected' }, 'SetChargingProfile answered Rejected'],
    ['answers CALLERROR NotImplemented', { callError: 'NotImplemented' }, 'SetChargingProfile answered CALLERROR NotImplemented'],
  ])('%s: flagged, counted at its maximum, sent nothing more', async (name, answer, reason) => {
    const siteId = `yard-${name.split(' ')[1]?.toLowerCase()}`;
    const bad = `CS-R-${siteId.slice(5, 8)}`;
    const good = `CS-OK-${siteId.slice(5, 8)}`;
    await site(
      siteId,
      [
        { stationId: bad, maxA: 32 },
        { stationId: good, maxA: 32 },
      ],
      40,
    );
    const refusing = await ProfileStation.connect(harness, bad, 'ocpp2.0.1');
    refusing.profileAnswer = answer;
    const obeying = await ProfileStation.connect(harness, good, 'ocpp2.0.1');
    await start(harness, new TestSession(bad, 'ocpp2.0.1', 1));
    await start(harness, new TestSession(good, 'ocpp2.0.1', 1));
    await plan(harness);
    // The TxProfile was refused while its session runs: once the grace for a transaction that has just
    // ended is over (TX_REFUSAL_GRACE_MS), the station is flagged.
    expect(refusing.profiles()[0]).toEqual(['TxProfile', 1, 20, expect.any(String)]);
    const flags = () => harness.query('SELECT flag_reason FROM stations WHERE station_id = $1 AND flagged_at IS NOT NULL', [bad]);
    await waitFor(async () => (await flags()).length > 0, { timeoutMs: 20_000, message: `${bad} flagged` });
    expect(await flags()).toEqual([{ flag_reason: reason }]);
    expect(obeying.profiles()).toContainEqual(['TxProfile', 1, 20, expect.any(String)]);
    // Flagging made the site due at once: the refusing station's session counts at its 32 A maximum.
    refusing.clear();
    obeying.clear();
    await plan(harness);
    expect(latest(siteId)?.sessions.map((s) => [s.stationId, s.status, s.limitA])).toEqual([
      [good, 'Capped', 8],
      [bad, 'Fixed', 32],
    ]);
    expect(obeying.profiles()).toEqual([['TxProfile', 1, 8, expect.any(String)]]);
    expect(refusing.log).toEqual([]);
  });
});

describe('a TxProfile rejected for a transaction that has just ended', () => {
  it('is no refusal: the station is not flagged and keeps getting profiles', async () => {
    const siteId = 'yard-ended';
    const station = 'CS-E-1';
    await site(siteId, [{ stationId: station, maxA: 32 }], 40);
    const cs = await ProfileStation.connect(harness, station, 'ocpp2.0.1');
    cs.txProfileAnswer = { status: 'Rejected' };
    const session = new TestSession(station, 'ocpp2.0.1', 1);
    await start(harness, session);
    await plan(harness);
    expect(cs.profiles()[0]).toEqual(['TxProfile', 1, 32, expect.any(String)]);
    // The station had ended the transaction; its Ended arrives after the rejection, within the grace.
    await harness.publish('SessionLifecycle', station, session.event('Ended'));
    await new Promise((resolve) => setTimeout(resolve, TX_REFUSAL_GRACE_MS + 1_000));
    expect(await harness.query('SELECT station_id FROM stations WHERE station_id = $1 AND flagged_at IS NOT NULL', [station])).toEqual([]);
    // A new session on it gets its TxProfile: the station was not written off.
    cs.txProfileAnswer = undefined;
    cs.clear();
    await start(harness, new TestSession(station, 'ocpp2.0.1', 1));
    await plan(harness);
    expect(cs.profiles()).toContainEqual(['TxProfile', 1, 32, expect.any(String)]);
  });
});

describe('a station that loses its connection and comes back', () => {
  const SITE = 'lot';
  const s1 = new TestSession('CS-L1', 'ocpp1.6', 1);
  const s2 = new TestSession('CS-L2', 'ocpp2.0.1', 1);
  let l1: ProfileStation;
  let l2: ProfileStation;

  beforeAll(async () => {
    await site(
      SITE,
      [
        { stationId: 'CS-L1', maxA: 32 },
        { stationId: 'CS-L2', maxA: 32 },
      ],
      40,
    );
    l1 = await ProfileStation.connect(harness, 'CS-L1', 'ocpp1.6');
    l2 = await ProfileStation.connect(harness, 'CS-L2', 'ocpp2.0.1');
    await start(harness, s1);
    await start(harness, s2);
    await plan(harness);
    expect(l1.profiles()).toEqual([
      ['TxProfile', 1, 20, Number(s1.transactionRef)],
      ['TxDefaultProfile', 0, 20, undefined],
    ]);
  });

  it('offline: its session counts at the limit it accepted and its site is re-planned around it', async () => {
    await l1.station.close(1006);
    await plan(harness);
    expect(latest(SITE)?.triggers).toEqual(['station-disconnected:CS-L1']);
    expect(await harness.query('SELECT connected FROM stations WHERE station_id = $1', ['CS-L1'])).toEqual([{ connected: false }]);
    expect(latest(SITE)?.sessions.map((s) => [s.stationId, s.status, s.limitA])).toEqual([
      ['CS-L1', 'Fixed', 20],
      ['CS-L2', 'Capped', 20],
    ]);
  });

  it('back online: the fail-safe default and the TxProfile again, checked with GetCompositeSchedule', async () => {
    l1 = await ProfileStation.connect(harness, 'CS-L1', 'ocpp1.6');
    await harness.settle();
    await harness.service.runtime.idle();
    expect(l1.log.map((c) => [c.action, c.payload['connectorId']])).toEqual([
      ['SetChargingProfile', 0],
      ['SetChargingProfile', 1],
      ['GetCompositeSchedule', 1],
    ]);
    expect(l1.profiles()).toEqual([
      ['TxDefaultProfile', 0, 20, undefined],
      ['TxProfile', 1, 20, Number(s1.transactionRef)],
    ]);
    expect(await harness.query('SELECT connected, flagged_at FROM stations WHERE station_id = $1', ['CS-L1'])).toEqual([
      { connected: true, flagged_at: null },
    ]);
  });

  it('a re-apply that finds a profile the station accepted since it connected does not send it again', async () => {
    const connectedAt = new Date(Date.now() - 1_000);
    l1.clear();
    const order = {
      stationId: 'CS-L1',
      sessionId: null,
      force: true,
      target: { purpose: 'TxDefaultProfile' as const, evseId: 0, limitA: 20, phases: 3, dc: false, voltageV: 230 },
    };
    await expect(harness.service.runtime.enforcer.run({ ...order, connectedAt })).resolves.toEqual({ status: 'InPlace' });
    expect(l1.log).toEqual([]);
    // Accepted before that connection: sent again.
    await expect(harness.service.runtime.enforcer.run({ ...order, connectedAt: new Date() })).resolves.toMatchObject({
      status: 'Accepted',
    });
    expect(l1.profiles()).toEqual([['TxDefaultProfile', 0, 20, undefined]]);
  });

  it('a composite schedule above what was sent flags the station', async () => {
    await l2.station.close();
    l2 = await ProfileStation.connect(harness, 'CS-L2', 'ocpp2.0.1');
    l2.compositeA = 32;
    await harness.settle();
    await harness.service.runtime.idle();
    expect(l2.log.map((c) => c.action)).toEqual(['SetChargingProfile', 'SetChargingProfile', 'GetCompositeSchedule']);
    const [flag] = await harness.query<{ flag_reason: string }>(
      'SELECT flag_reason FROM stations WHERE station_id = $1 AND flagged_at IS NOT NULL',
      ['CS-L2'],
    );
    expect(flag?.flag_reason).toBe('GetCompositeSchedule of EVSE 1 allows 32 A, above the 20 A sent');
    await plan(harness);
    await waitFor(() => latest(SITE)?.sessions.find((s) => s.stationId === 'CS-L2')?.status === 'Fixed');
  });
});

describe('plans that overlap', () => {
  it("a newer plan supersedes an older plan's raise that still waits for its own lowering", async () => {
    const x = await ProfileStation.connect(harness, 'CS-OX', 'ocpp2.0.1');
    const y = await ProfileStation.connect(harness, 'CS-OY', 'ocpp2.0.1');
    const sx = new TestSession('CS-OX', 'ocpp2.0.1', 1);
    const sy = new TestSession('CS-OY', 'ocpp2.0.1', 1);
    const { enforcer } = harness.service.runtime;
    const orders = (xA: number, yA: number) =>
      [
        [sx, xA],
        [sy, yA],
      ].map(([session, limitA]) => {
        const s = session as TestSession;
        return {
          stationId: s.stationId,
          sessionId: s.sessionId,
          target: {
            purpose: 'TxProfile' as const,
            evseId: 1,
            transactionRef: s.transactionRef,
            limitA: limitA as number,
            phases: 3,
            voltageV: 230,
          },
        };
      });
    enforcer.enforce(orders(20, 5));
    await enforcer.idle();
    // Plan A moves 15 A from X to Y: X's lowering first, at a station slow to answer; Y's raise waits for it.
    const release = x.hold();
    enforcer.enforce(orders(5, 20));
    await waitFor(() => x.profiles().length === 2, { message: "plan A's lowering at X" });
    // Plan B, decided meanwhile: 12 A each. Both raise what the stations were sent last, so they go at once (X's behind A's).
    enforcer.enforce(orders(12, 12));
    await waitFor(() => y.profiles().length === 2, { message: "plan B's order at Y" });
    release();
    await enforcer.idle();
    // A's raise of Y to 20 A, due once X answered, came after B's 12 A: it is not sent.
    expect(y.profiles().map(([, , limitA]) => limitA)).toEqual([5, 12]);
    expect(x.profiles().map(([, , limitA]) => limitA)).toEqual([20, 5, 12]);
  });
});
