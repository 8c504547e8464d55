// The energy-service's consumers of energy.site-loads.v1 and energy.grid-limits.v1 on the
// in-process bus and a real PostgreSQL schema: idempotent, latest wins, cleared for good, and a
// record of an unknown site or node parked as a dead letter while the next ones go on.
import { randomUUID } from 'node:crypto';
import { energyGridLimitContract, energySiteLoadContract, type EnergyGridLimit, type EnergySiteLoad } from '@voltlane/contracts';
import { ServiceHarness } from '@voltlane/testing/medium';
import { startEnergyService, type EnergyServiceHandle, type EnergyStartOptions } from '../src';
import { QUIET_PLANNER } from './energy-test-api';

let harness: ServiceHarness<EnergyServiceHandle, EnergyStartOptions>;
const SITE = 'hall-1';

beforeAll(async () => {
  harness = await ServiceHarness.start<EnergyServiceHandle, EnergyStartOptions>({
    start: startEnergyService,
    service: 'energy-service',
    env: QUIET_PLANNER,
  });
  const { sites, nodes } = harness.service.operations;
  await sites.create({ siteId: SITE, name: 'Hall' });
  await nodes.put(SITE, 'grid', { kind: 'grid', parentId: null, limitA: 100 });
  await nodes.put(SITE, 'hvac', { kind: 'circuit', parentId: 'grid', limitA: 40 });
});

afterAll(async () => {
  await harness?.stop();
});

async function takeReplan(): Promise<string[]> {
  const [row] = await harness.query<{ replan_reasons: string[] }>(
    `UPDATE sites s SET replan_due_at = NULL, replan_reasons = '{}' FROM (SELECT replan_reasons FROM sites WHERE site_id = $1 FOR UPDATE) old
     WHERE s.site_id = $1 RETURNING old.replan_reasons`,
    [SITE],
  );
  return row?.replan_reasons ?? [];
}

async function deadLetters(stage: string): Promise<{ key: string; code: string; reason: string }[]> {
  const { items } = await harness.service.deadLetters.list({ status: 'open', limit: 100, offset: 0 });
  return items.filter((letter) => letter.stage === stage).map(({ key, code, reason }) => ({ key, code, reason }));
}

const load = (nodeId: string, currentA: [number, number, number], measuredAt: string, siteId = SITE): EnergySiteLoad =>
  energySiteLoadContract.outgoing({ siteId, nodeId, currentA, measuredAt });

async function publishLoad(record: EnergySiteLoad | string, key = SITE): Promise<void> {
  await harness.publish('EnergySiteLoads', key, record);
  await harness.settle();
}

async function publishLimit(record: Partial<EnergyGridLimit>): Promise<void> {
  await harness.publish('EnergyGridLimits', record.siteId ?? SITE, record);
  await harness.settle();
}

const loadsOf = (nodeId: string) =>
  harness.query(
    'SELECT l1_a::float8 AS l1, l2_a::float8 AS l2, l3_a::float8 AS l3, measured_at, source FROM measured_loads WHERE site_id = $1 AND node_id = $2',
    [SITE, nodeId],
  );

describe('energy.site-loads.v1', () => {
  it('stores the latest measurement per node and marks the site due; an older one changes nothing', async () => {
    await takeReplan();
    await publishLoad(load('hvac', [12.5, 10, -3], '2026-04-01T12:00:00.000Z'));
    expect(await loadsOf('hvac')).toEqual([
      { l1: 12.5, l2: 10, l3: -3, measured_at: new Date('2026-04-01T12:00:00.000Z'), source: 'topic' },
    ]);
    expect(await takeReplan()).toEqual(['load measured on hvac']);
    await publishLoad(load('hvac', [1, 1, 1], '2026-04-01T11:59:00.000Z'));
    await publishLoad(load('hvac', [12.5, 10, -3], '2026-04-01T12:00:00.000Z')); // re-delivered
    expect(await loadsOf('hvac')).toEqual([expect.objectContaining({ l1: 12.5, l2: 10, l3: -3 })]);
    await publishLoad(load('grid', [30, 31, 32], '2026-04-01T12:01:00.000Z'));
    expect((await harness.service.operations.nodes.get(SITE, 'grid')).measuredLoad?.currentA).toEqual([30, 31, 32]);
  });

  it('parks a record of an unknown site or node, or one that breaks the contract, and goes on', async () => {
    await publishLoad(load('grid', [1, 2, 3], '2026-04-01T12:00:00.000Z', 'no-site'), 'no-site');
    await publishLoad(load('no-node', [1, 2, 3], '2026-04-01T12:00:00.000Z'));
    await publishLoad(JSON.stringify({ siteId: SITE, nodeId: 'hvac', currentA: [1, 2], measuredAt: '2026-04-01T12:00:00.000Z' }));
    await publishLoad('not json');
    await publishLoad(load('hvac', [1, 2, 3], '1998-12-31T23:59:60Z'));
    await publishLoad(load('hvac', [20, 20, 20], '2026-04-01T13:00:00.000Z'));
    expect(await loadsOf('hvac')).toEqual([expect.objectContaining({ l1: 20, l2: 20, l3: 20 })]);
    const letters = await deadLetters('energy-site-loads');
    expect(letters.map((l) => l.code).sort()).toEqual(['BadTime', 'ContractViolation', 'MalformedJson', 'UnknownNode', 'UnknownSite']);
    expect(letters.find((l) => l.code === 'UnknownSite')).toEqual(expect.objectContaining({ key: 'no-site', reason: 'no site no-site' }));
    expect(letters.find((l) => l.code === 'UnknownNode')?.reason).toBe(`no node no-node in site ${SITE}`);
  });
});

describe('energy.grid-limits.v1', () => {
  const limitId = randomUUID();
  const peak: EnergyGridLimit = energyGridLimitContract.outgoing({
    limitId,
    siteId: SITE,
    nodeId: 'grid',
    origin: 'DSO',
    limitA: [32, 32, 32],
    limitKw: 20,
    validFrom: '2026-04-01T17:00:00.000Z',
    validTo: '2099-04-01T21:00:00.000Z',
  });
  const limitsOf = (id: string) =>
    harness.query(
      'SELECT source, origin, limit_l1_a::float8 AS l1, limit_kw::float8 AS kw, cleared_at FROM external_limits WHERE limit_id = $1',
      [id],
    );

  it('stores a limit once however often it is delivered, and marks the site due only when it changes', async () => {
    await takeReplan();
    await publishLimit(peak);
    await publishLimit(peak);
    expect(await limitsOf(limitId)).toEqual([{ source: 'topic', origin: 'DSO', l1: 32, kw: 20, cleared_at: null }]);
    expect(await takeReplan()).toEqual([`grid limit ${limitId} set on grid`]);
    const listed = await harness.service.operations.limits.current(SITE);
    expect(listed.map((l) => l.limitId)).toEqual([limitId]);
    await publishLimit(peak);
    expect(await takeReplan()).toEqual([]);
  });

  it('replaces the limit from a later record with the same limitId', async () => {
    await publishLimit({ ...peak, limitA: [25, 25, 25], limitKw: undefined });
    expect(await limitsOf(limitId)).toEqual([{ source: 'topic', origin: 'DSO', l1: 25, kw: null, cleared_at: null }]);
    expect(await takeReplan()).toEqual([`grid limit ${limitId} set on grid`]);
  });

  it('clears it for good: a late copy of the limit does not revive it', async () => {
    await publishLimit({ limitId, siteId: SITE, nodeId: 'grid', cleared: true });
    const [cleared] = await limitsOf(limitId);
    expect(cleared?.cleared_at).toEqual(expect.any(Date));
    expect(await takeReplan()).toEqual([`grid limit ${limitId} cleared on grid`]);
    await publishLimit(peak);
    await publishLimit({ limitId, siteId: SITE, nodeId: 'grid', cleared: true });
    expect(await limitsOf(limitId)).toEqual([expect.objectContaining({ l1: 25, cleared_at: cleared?.cleared_at })]);
    expect(await harness.service.operations.limits.current(SITE)).toEqual([]);
    expect(await takeReplan()).toEqual([]);
  });

  it('keeps the clearing of a limit it never saw, so that the limit arriving late stays cleared', async () => {
    const early = randomUUID();
    await publishLimit({ limitId: early, siteId: SITE, nodeId: 'hvac', cleared: true });
    await publishLimit({ ...peak, limitId: early, nodeId: 'hvac' });
    expect(await limitsOf(early)).toEqual([expect.objectContaining({ source: 'topic', cleared_at: expect.any(Date) })]);
    expect(await harness.service.operations.limits.current(SITE)).toEqual([]);
  });

  it('parks a record of an unknown site or node, without a limit, or with the id of another limit, and goes on', async () => {
    const api = await harness.service.operations.limits.add(SITE, { nodeId: 'grid', limitKw: 50 });
    await publishLimit({ ...peak, limitId: randomUUID(), siteId: 'no-site' });
    await publishLimit({ ...peak, limitId: randomUUID(), nodeId: 'no-node' });
    await publishLimit({ limitId: randomUUID(), siteId: SITE, nodeId: 'grid' });
    await publishLimit({ ...peak, limitId: api.limitId });
    await publishLimit({ ...peak, limitId: 'not-a-uuid' });
    const after = randomUUID();
    await publishLimit({ ...peak, limitId: after, limitA: [50, 50, 50] });
    expect(await limitsOf(after)).toEqual([expect.objectContaining({ l1: 50, cleared_at: null })]);
    expect((await harness.service.operations.limits.current(SITE)).find((l) => l.limitId === api.limitId)?.limitKw).toBe(50);
    const letters = await deadLetters('energy-grid-limits');
    expect(letters.map((l) => l.code).sort()).toEqual(['ContractViolation', 'LimitIdTaken', 'NoLimit', 'UnknownNode', 'UnknownSite']);
  });
});
