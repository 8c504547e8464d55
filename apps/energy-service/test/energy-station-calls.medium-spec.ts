// The station CALLs the energy-service answers, on the in-process ports: NotifyEVChargingNeeds is
// answered Accepted and a TxProfile follows the answer (in a site: the planner's share; in no
// site: the EV's own maximum); NotifyEVChargingSchedule is checked against what was sent;
// NotifyChargingLimit / ClearedChargingLimit are external limits of the station's node.
import { plan, ProfileStation, start, startHarness, TestSession, type EnergyHarness } from './energy-runtime.builders';

let harness: EnergyHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

/** Sends a CALL; resolves with the CALLRESULT payload and when it arrived. */
async function call(station: ProfileStation, action: string, payload: unknown): Promise<{ answer: Record<string, unknown>; at: number }> {
  const frame = await station.station.call(action, payload);
  if (frame[0] !== 3) throw new Error(`${action} answered ${JSON.stringify(frame)}`);
  return { answer: frame[2] as Record<string, unknown>, at: Date.now() };
}

const needs = (evseId: number, chargingNeeds: Record<string, unknown>) => ({ evseId, maxScheduleTuples: 3, chargingNeeds });
const ac = (evMaxCurrent: number) => ({
  requestedEnergyTransfer: 'AC_three_phase',
  acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent, evMaxVoltage: 400 },
});

describe('a station in no site (K15.FR.03)', () => {
  const session = new TestSession('CS-FREE', 'ocpp2.0.1', 1);
  let cs: ProfileStation;

  beforeAll(async () => {
    cs = await ProfileStation.connect(harness, 'CS-FREE', 'ocpp2.0.1');
    await start(harness, session);
    await harness.settle();
  });

  it('NotifyEVChargingNeeds: Accepted, then a TxProfile with the EV’s maximum until its departure', async () => {
    const departure = new Date(Date.now() + 2 * 3_600_000);
    const { answer, at } = await call(cs, 'NotifyEVChargingNeeds', needs(1, { ...ac(20), departureTime: departure.toISOString() }));
    expect(answer).toEqual({ status: 'Accepted' });
    await harness.service.runtime.idle();
    const [sent] = cs.log;
    expect(sent?.at).toBeGreaterThanOrEqual(at);
    expect(sent?.payload).toMatchObject({
      evseId: 1,
      chargingProfile: {
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Absolute',
        transactionId: session.transactionRef,
        chargingSchedule: [{ chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 20, numberPhases: 3 }] }],
      },
    });
    const duration = cs.schedules()[0]?.duration ?? 0;
    expect(Math.abs(duration - 7200)).toBeLessThan(5);
    const [stored] = await harness.query<{ needs: Record<string, unknown> }>('SELECT needs FROM sessions WHERE session_id = $1', [
      session.sessionId,
    ]);
    expect(stored?.needs).toMatchObject({ maxScheduleTuples: 3, chargingNeeds: { requestedEnergyTransfer: 'AC_three_phase' } });
  });

  it('NotifyEVChargingSchedule within the profile: Accepted; above it: Rejected and the profile is sent again', async () => {
    const schedule = cs.schedules()[0];
    cs.clear();
    expect(
      (await call(cs, 'NotifyEVChargingSchedule', { evseId: 1, timeBase: new Date().toISOString(), chargingSchedule: schedule })).answer,
    ).toEqual({ status: 'Accepted' });
    await harness.service.runtime.idle();
    expect(cs.log).toEqual([]);
    const exceeding = { ...schedule, chargingSchedulePeriod: [{ startPeriod: 0, limit: 40 }] };
    const { answer, at } = await call(cs, 'NotifyEVChargingSchedule', {
      evseId: 1,
      timeBase: new Date().toISOString(),
      chargingSchedule: exceeding,
    });
    expect(answer).toEqual({ status: 'Rejected' });
    await harness.service.runtime.idle();
    expect(cs.profiles()).toEqual([['TxProfile', 1, 20, session.transactionRef]]);
    expect(cs.log[0]?.at).toBeGreaterThanOrEqual(at);
  });

  it('the EV asks again with the same needs: the same profile again (K17)', async () => {
    cs.clear();
    expect((await call(cs, 'NotifyEVChargingNeeds', needs(1, ac(20)))).answer).toEqual({ status: 'Accepted' });
    await harness.service.runtime.idle();
    expect(cs.profiles()).toEqual([['TxProfile', 1, 20, session.transactionRef]]);
  });

  it('DC needs: a TxProfile in W with the EV’s maximum power', async () => {
    cs.clear();
    const dc = { requestedEnergyTransfer: 'DC', dcChargingParameters: { evMaxCurrent: 125, evMaxVoltage: 400, evMaxPower: 50_000 } };
    expect((await call(cs, 'NotifyEVChargingNeeds', needs(1, dc))).answer).toEqual({ status: 'Accepted' });
    await harness.service.runtime.idle();
    expect(cs.schedules()[0]).toMatchObject({
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 50_000 }],
    });
  });
});

describe('a station in a site', () => {
  const SITE = 'garage';
  const session = new TestSession('CS-G', 'ocpp2.0.1', 1);
  let cs: ProfileStation;

  beforeAll(async () => {
    const { sites, nodes } = harness.service.operations;
    await sites.create({ siteId: SITE, name: 'Garage' });
    await nodes.put(SITE, 'grid', { kind: 'grid', parentId: null, limitA: 32 });
    await nodes.put(SITE, 'cs-g', { kind: 'station', parentId: 'grid', stationId: 'CS-G', maxA: 32 });
    cs = await ProfileStation.connect(harness, 'CS-G', 'ocpp2.0.1');
    await start(harness, session);
    await plan(harness);
    expect(cs.profiles()).toEqual([
      ['TxProfile', 1, 32, session.transactionRef],
      ['TxDefaultProfile', 0, 32, undefined],
    ]);
  });

  it('NotifyEVChargingNeeds: Accepted, the site is planned at once with the EV’s maximum, and the TxProfile follows', async () => {
    cs.clear();
    const { answer, at } = await call(cs, 'NotifyEVChargingNeeds', needs(1, ac(16)));
    expect(answer).toEqual({ status: 'Accepted' });
    await harness.service.runtime.idle();
    const [site] = await harness.query<{ replan_reasons: string[]; due: boolean }>(
      'SELECT replan_reasons, replan_due_at <= now() AS due FROM sites WHERE site_id = $1',
      [SITE],
    );
    expect(site).toEqual({ replan_reasons: ['ev-needs:CS-G'], due: true });
    await plan(harness);
    expect(cs.profiles()).toEqual([['TxProfile', 1, 16, session.transactionRef]]);
    expect(cs.log[0]?.at).toBeGreaterThan(at);
  });

  it('the same needs again: the same TxProfile again, although its limit did not move', async () => {
    cs.clear();
    await call(cs, 'NotifyEVChargingNeeds', needs(1, ac(16)));
    await harness.service.runtime.idle();
    await plan(harness);
    expect(cs.profiles()).toEqual([['TxProfile', 1, 16, session.transactionRef]]);
  });

  it('NotifyChargingLimit: the station’s local limit caps its node until ClearedChargingLimit', async () => {
    cs.clear();
    const limit = {
      chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: false },
      evseId: 1,
      chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] }],
    };
    expect((await call(cs, 'NotifyChargingLimit', limit)).answer).toEqual({});
    expect(
      await harness.query(
        `SELECT node_id, source, origin, station_id, evse_id, limit_l1_a::float8 AS l1 FROM external_limits WHERE cleared_at IS NULL AND source = 'station'`,
      ),
    ).toEqual([{ node_id: 'cs-g', source: 'station', origin: 'EMS', station_id: 'CS-G', evse_id: 1, l1: 10 }]);
    await plan(harness);
    expect(cs.profiles()).toEqual([
      ['TxProfile', 1, 10, session.transactionRef],
      ['TxDefaultProfile', 0, 10, undefined],
    ]);
    cs.clear();
    expect((await call(cs, 'ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 })).answer).toEqual({});
    expect(await harness.query(`SELECT 1 FROM external_limits WHERE cleared_at IS NULL AND source = 'station'`)).toEqual([]);
    await plan(harness);
    expect(cs.profiles()).toEqual([
      ['TxProfile', 1, 16, session.transactionRef],
      ['TxDefaultProfile', 0, 32, undefined],
    ]);
  });
});
