// The energy-service's planner on the in-process ports and a real PostgreSQL schema: sessions from
// sessions.lifecycle.v1 share a site's capacity, the shares reach the stations as charging profiles
// (1.6 and 2.0.1), every decision is stored and published, and metering feeds phases and overloads.
import { parseEnergyAllocation, type CustomerTokenSnapshot } from '@voltlane/contracts';
import { markSiteDue, markStationSiteDue } from '../src/persistence/site-replan';
import { plan, ProfileStation, start, startHarness, TestSession, type EnergyHarness } from './energy-runtime.builders';

let harness: EnergyHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const allocations = (siteId: string) =>
  harness
    .records('EnergyAllocations')
    .map((m) => parseEnergyAllocation(JSON.parse(m.value)))
    .filter((a) => a.siteId === siteId)
    .map((a) => ({ ...a, sessions: [...a.sessions].sort((x, y) => x.stationId.localeCompare(y.stationId)) }));

describe('a 32 A site with a 2.0.1 and a 1.6 station', () => {
  const SITE = 'depot';
  let a: ProfileStation;
  let b: ProfileStation;
  const sa = new TestSession('CS-A', 'ocpp2.0.1', 1);
  const sb = new TestSession('CS-B', 'ocpp1.6', 1);

  beforeAll(async () => {
    const { sites, nodes } = harness.service.operations;
    await sites.create({ siteId: SITE, name: 'Depot' });
    await nodes.put(SITE, 'grid', { kind: 'grid', parentId: null, limitA: 32 });
    await nodes.put(SITE, 'cs-a', { kind: 'station', parentId: 'grid', stationId: 'CS-A' });
    await nodes.put(SITE, 'cs-a-1', { kind: 'evse', parentId: 'cs-a', stationId: 'CS-A', evseId: 1, maxA: 32 });
    await nodes.put(SITE, 'cs-b', { kind: 'station', parentId: 'grid', stationId: 'CS-B', evseCount: 1, maxA: 32 });
    a = await ProfileStation.connect(harness, 'CS-A', 'ocpp2.0.1');
    b = await ProfileStation.connect(harness, 'CS-B', 'ocpp1.6');
  });

  it('sessions start: each station gets its fail-safe default and a TxProfile with its share', async () => {
    await start(harness, sa);
    await start(harness, sb);
    await plan(harness);
    // Fail-safe: 32 A over two EVSEs; shares: 16 A each.
    expect(a.profiles()).toEqual([
      ['TxProfile', 1, 16, sa.transactionRef],
      ['TxDefaultProfile', 0, 16, undefined],
    ]);
    expect(b.profiles()).toEqual([
      ['TxProfile', 1, 16, Number(sb.transactionRef)],
      ['TxDefaultProfile', 0, 16, undefined],
    ]);
    const [decision] = allocations(SITE).slice(-1);
    expect(decision?.triggers).toEqual(expect.arrayContaining(['session-started:CS-A', 'session-started:CS-B']));
    expect(decision?.sessions.map((s) => [s.stationId, s.limitA, s.status, s.limitingNodeId])).toEqual([
      ['CS-A', 16, 'Capped', 'grid'],
      ['CS-B', 16, 'Capped', 'grid'],
    ]);
    const [row] = await harness.query<{ allocation_id: string; triggers: string[] }>(
      'SELECT allocation_id, triggers FROM allocations WHERE site_id = $1 ORDER BY allocation_id DESC LIMIT 1',
      [SITE],
    );
    expect(row?.allocation_id).toBe(decision?.allocationId);
    expect(
      await harness.query(
        'SELECT evse_id, purpose, limit_a::float8 AS limit_a, status FROM applied_limits WHERE station_id = $1 ORDER BY purpose',
        ['CS-A'],
      ),
    ).toEqual([
      { evse_id: 0, purpose: 'TxDefaultProfile', limit_a: 16, status: 'Accepted' },
      { evse_id: 1, purpose: 'TxProfile', limit_a: 16, status: 'Accepted' },
    ]);
  });

  it('a re-plan that changes nothing sends nothing', async () => {
    a.clear();
    b.clear();
    await harness.query(`UPDATE sites SET replan_due_at = now(), replan_reasons = '{test}' WHERE site_id = $1`, [SITE]);
    await plan(harness);
    expect([...a.profiles(), ...b.profiles()]).toEqual([]);
    expect(allocations(SITE).at(-1)?.triggers).toEqual(['test']);
  });

  it('a grid limit drop: lower TxProfiles and a lower fail-safe default', async () => {
    await harness.service.operations.limits.add(SITE, { nodeId: 'grid', limitA: 20, origin: 'DSO' });
    await plan(harness);
    expect(a.profiles()).toEqual([
      ['TxProfile', 1, 10, sa.transactionRef],
      ['TxDefaultProfile', 0, 10, undefined],
    ]);
    expect(b.profiles()).toEqual([
      ['TxProfile', 1, 10, Number(sb.transactionRef)],
      ['TxDefaultProfile', 0, 10, undefined],
    ]);
    expect(
      allocations(SITE)
        .at(-1)
        ?.nodes.find((n) => n.nodeId === 'grid'),
    ).toMatchObject({ effectiveLimitA: [20, 20, 20], plannedA: [20, 20, 20] });
  });

  it('metering: a vehicle that draws on one phase is re-planned as 1-phase; an overload re-plans at once', async () => {
    await harness.publish('MeteringSamples', 'CS-B', sb.currents([10, 0.2, 0.1]));
    await harness.settle();
    const [session] = await harness.query<{ phases: number; l1: number }>(
      'SELECT phases, measured_l1_a::float8 AS l1 FROM sessions WHERE session_id = $1',
      [sb.sessionId],
    );
    expect(session).toEqual({ phases: 1, l1: 10 });
    const [site] = await harness.query<{ replan_reasons: string[] }>('SELECT replan_reasons FROM sites WHERE site_id = $1', [SITE]);
    expect(site?.replan_reasons).toEqual(['phases-learnt:CS-B']);
    b.clear();
    await plan(harness);
    // 1-phase on L1: CS-A's 3-phase session and CS-B share L1 (10 A each); the profile says one phase.
    expect(b.schedules().map((schedule) => schedule.chargingSchedulePeriod[0])).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 1 }]);
    // CS-B draws 25 A on L1 against its 10 A: the grid (20 A) is overloaded.
    await harness.publish('MeteringSamples', 'CS-B', sb.currents([25, 0.2, 0.1]));
    await harness.settle();
    const [due] = await harness.query<{ replan_reasons: string[]; due: boolean }>(
      'SELECT replan_reasons, replan_due_at <= now() AS due FROM sites WHERE site_id = $1',
      [SITE],
    );
    expect(due).toEqual({ replan_reasons: ['overload:grid'], due: true });
  });

  it('a session that ends frees its share', async () => {
    await harness.publish('SessionLifecycle', 'CS-B', sb.event('Ended'));
    a.clear();
    await plan(harness);
    expect(a.profiles()).toEqual([['TxProfile', 1, 20, sa.transactionRef]]);
    expect(
      allocations(SITE)
        .at(-1)
        ?.sessions.map((s) => s.stationId),
    ).toEqual(['CS-A']);
  });
});

describe('priorities by customer group', () => {
  const SITE = 'prio';

  it('the session whose token is in a prioritised group keeps its minimum; the other is paused', async () => {
    const { sites, nodes, priorities } = harness.service.operations;
    await sites.create({ siteId: SITE, name: 'Prio' });
    await nodes.put(SITE, 'grid', { kind: 'grid', parentId: null, limitA: 10 });
    await nodes.put(SITE, 'p1', { kind: 'station', parentId: 'grid', stationId: 'CS-P1' });
    await nodes.put(SITE, 'p2', { kind: 'station', parentId: 'grid', stationId: 'CS-P2' });
    await priorities.put({ match: 'group', value: 'FLEET', priority: 5 });
    const token: CustomerTokenSnapshot = {
      key: 'ISO14443:VIP',
      idTagKey: 'VIP',
      idToken: 'vip',
      type: 'ISO14443',
      status: 'Accepted',
      groupIdToken: { idToken: 'fleet', type: 'Central' },
      revision: 1,
      deleted: false,
      updatedAt: new Date().toISOString(),
    };
    await harness.publish('CustomerTokens', token.key, token);
    const p1 = await ProfileStation.connect(harness, 'CS-P1', 'ocpp2.0.1');
    const p2 = await ProfileStation.connect(harness, 'CS-P2', 'ocpp2.0.1');
    await start(harness, new TestSession('CS-P1', 'ocpp2.0.1', 1)); // earlier, but not prioritised
    await start(harness, new TestSession('CS-P2', 'ocpp2.0.1', 1, 'ISO14443:VIP'));
    await plan(harness);
    expect(await harness.query('SELECT id_token_key, group_key FROM token_groups')).toEqual([
      { id_token_key: 'ISO14443:VIP', group_key: 'FLEET' },
    ]);
    expect(p1.profiles().filter((p) => p[0] === 'TxProfile')).toEqual([['TxProfile', 1, 0, expect.any(String)]]);
    expect(p2.profiles().filter((p) => p[0] === 'TxProfile')).toEqual([['TxProfile', 1, 10, expect.any(String)]]);
    expect(
      allocations(SITE)
        .at(-1)
        ?.sessions.map((s) => [s.stationId, s.status]),
    ).toEqual([
      ['CS-P1', 'Paused'],
      ['CS-P2', 'Capped'],
    ]);
  });
});

describe('markSiteDue', () => {
  it('keeps the earliest due time and each reason once (the latest 20), for a site or a station’s site', async () => {
    const { dataSource, operations } = harness.service;
    await operations.sites.create({ siteId: 'due', name: 'Due' });
    await operations.nodes.put('due', 'grid', { kind: 'grid', parentId: null, limitA: 10 });
    await operations.nodes.put('due', 'cs', { kind: 'station', parentId: 'grid', stationId: 'CS-DUE' });
    await harness.query(`UPDATE sites SET replan_due_at = NULL, replan_reasons = '{}' WHERE site_id = 'due'`);
    const due = async () =>
      (
        await harness.query<{ in_s: number; replan_reasons: string[] }>(
          `SELECT extract(epoch FROM replan_due_at - now())::float8 AS in_s, replan_reasons FROM sites WHERE site_id = 'due'`,
        )
      )[0];
    await markSiteDue(dataSource, 'due', 'first', 60_000);
    expect(await due()).toMatchObject({ replan_reasons: ['first'] });
    expect((await due())?.in_s).toBeGreaterThan(55);
    // A later trigger with a longer debounce does not postpone it; a shorter one brings it forward.
    await markSiteDue(dataSource, 'due', 'first', 120_000);
    expect((await due())?.in_s).toBeLessThan(61);
    await markStationSiteDue(dataSource, 'CS-DUE', 'overload', 0);
    expect(await due()).toMatchObject({ replan_reasons: ['first', 'overload'] });
    expect((await due())?.in_s).toBeLessThanOrEqual(0);
    for (let i = 0; i < 25; i++) await markSiteDue(dataSource, 'due', `r${i}`, 0);
    const reasons = (await due())?.replan_reasons ?? [];
    expect(reasons).toHaveLength(20);
    expect(reasons.at(-1)).toBe('r24');
    expect(reasons[0]).toBe('r5');
    await markStationSiteDue(dataSource, 'CS-NOWHERE', 'nothing', 0); // a station in no site: nothing happens
  });
});

describe('history', () => {
  it('the sweep deletes decisions older than the history, keeping each site’s latest', async () => {
    await harness.query(`UPDATE allocations SET planned_at = planned_at - interval '40 days'`);
    const before = await harness.query<{ site_id: string }>('SELECT DISTINCT site_id FROM allocations ORDER BY site_id');
    const swept = await harness.service.runtime.sweep.sweep();
    expect(swept.allocations).toBeGreaterThan(0);
    expect(await harness.query('SELECT site_id FROM allocations ORDER BY site_id')).toEqual(before);
  });
});
