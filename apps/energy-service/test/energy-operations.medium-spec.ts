// The energy-service's operator API over real HTTP on a real PostgreSQL schema: measured loads,
// external limits, priorities, flagged stations, the live allocation and its history, re-plans.
import { randomUUID } from 'node:crypto';
import { EnergyTestApi, expectProblem } from './energy-test-api';

let api: EnergyTestApi;
const SITE = 'yard-1';
const put = (nodeId: string, body: unknown) => api.call('PUT', `/sites/${SITE}/nodes/${nodeId}`, body);

beforeAll(async () => {
  api = await EnergyTestApi.start();
  expect((await api.call('POST', '/sites', { siteId: SITE, name: 'Yard' })).status).toBe(201);
  expect((await put('grid', { kind: 'grid', limitA: 63 })).status).toBe(201);
  expect((await put('panel', { kind: 'circuit', parentId: 'grid', limitA: 32 })).status).toBe(201);
  expect((await put('st-1', { kind: 'station', parentId: 'panel', stationId: 'CS-Y1', evseCount: 2 })).status).toBe(201);
  await api.takeReplan(SITE);
});

afterAll(async () => {
  await api?.stop();
});

describe('measured loads', () => {
  it('stores the latest measured load of a node, shows it with the node and marks the site due', async () => {
    const stored = await api.call('PUT', `/sites/${SITE}/nodes/panel/load`, {
      currentA: [10.5, -2, 0],
      measuredAt: '2026-01-01T10:00:00.000Z',
    });
    expect(stored).toEqual(
      expect.objectContaining({
        status: 200,
        body: { siteId: SITE, nodeId: 'panel', currentA: [10.5, -2, 0], measuredAt: '2026-01-01T10:00:00.000Z', source: 'api' },
      }),
    );
    expect(await api.takeReplan(SITE)).toEqual({ due: true, reasons: ['load measured on panel'] });
    const node = await api.call('GET', `/sites/${SITE}/nodes/panel`, undefined, 'read');
    expect(node.body.measuredLoad).toEqual({ currentA: [10.5, -2, 0], measuredAt: '2026-01-01T10:00:00.000Z', source: 'api' });
    const now = await api.call('PUT', `/sites/${SITE}/nodes/panel/load`, { currentA: [11, 11, 11] });
    expect(Math.abs(Date.parse(now.body.measuredAt) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses an older measurement (409), one in the future, a bad body (400) and an unknown node (404)', async () => {
    const stale = await api.call('PUT', `/sites/${SITE}/nodes/panel/load`, { currentA: [1, 1, 1], measuredAt: '2026-01-01T09:00:00.000Z' });
    expectProblem(stale, 409, 'StaleMeasurement', 'measuredAt');
    expect((await api.call('GET', `/sites/${SITE}/nodes/panel`, undefined, 'read')).body.measuredLoad.currentA).toEqual([11, 11, 11]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectProblem(
      await api.call('PUT', `/sites/${SITE}/nodes/panel/load`, { currentA: [1, 1, 1], measuredAt: future }),
      400,
      'MeasuredInFuture',
      'measuredAt',
    );
    const short = await api.call('PUT', `/sites/${SITE}/nodes/panel/load`, { currentA: [1, 1] });
    expectProblem(short, 400);
    expect(short.body.detail).toContain('/currentA');
    // A leap second passes the date-time format but names no instant.
    expectProblem(
      await api.call('PUT', `/sites/${SITE}/nodes/panel/load`, { currentA: [1, 1, 1], measuredAt: '1998-12-31T23:59:60Z' }),
      400,
      'BadTime',
      'measuredAt',
    );
    expectProblem(await api.call('PUT', `/sites/${SITE}/nodes/nope/load`, { currentA: [1, 1, 1] }), 404, 'UnknownNode');
    expectProblem(await api.call('PUT', `/sites/nowhere/nodes/panel/load`, { currentA: [1, 1, 1] }), 404, 'UnknownSite');
  });
});

describe('external limits', () => {
  let now: string;
  let later: string;

  it('adds limits in force and ahead, lists them (with station ones) and marks the site due', async () => {
    await api.takeReplan(SITE);
    const inForce = await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'grid', limitA: 32, origin: 'DSO' });
    expect(inForce.status).toBe(201);
    expect(inForce.body).toEqual(
      expect.objectContaining({
        siteId: SITE,
        nodeId: 'grid',
        source: 'api',
        origin: 'DSO',
        limitA: [32, 32, 32],
        limitKw: null,
        inForce: true,
      }),
    );
    now = inForce.body.limitId;
    const from = new Date(Date.now() + 3_600_000).toISOString();
    const to = new Date(Date.now() + 7_200_000).toISOString();
    const ahead = await api.call('POST', `/sites/${SITE}/limits`, {
      nodeId: 'panel',
      limitA: [20, 20, 16],
      limitKw: 11,
      validFrom: from,
      validTo: to,
    });
    expect(ahead.body).toEqual(
      expect.objectContaining({ limitA: [20, 20, 16], limitKw: 11, validFrom: from, validTo: to, inForce: false }),
    );
    later = ahead.body.limitId;
    expect((await api.takeReplan(SITE)).reasons).toEqual([`limit ${now} on grid added`, `limit ${later} on panel added`]);
    // A station's local controller reported one (NotifyChargingLimit: the runtime part stores it).
    const stationLimit = randomUUID();
    await api.harness.query(
      `INSERT INTO external_limits (limit_id, site_id, node_id, source, station_id, evse_id, limit_l1_a, limit_l2_a, limit_l3_a)
       VALUES ($1, $2, 'st-1', 'station', 'CS-Y1', 0, 10, 10, 10)`,
      [stationLimit, SITE],
    );
    // Over and cleared ones are not listed.
    await api.harness.query(
      `INSERT INTO external_limits (limit_id, site_id, node_id, source, limit_kw, valid_from, valid_to) VALUES ($1, $2, 'grid', 'api', 5, now() - interval '2 hours', now() - interval '1 hour')`,
      [randomUUID(), SITE],
    );
    const list = await api.call('GET', `/sites/${SITE}/limits`, undefined, 'read');
    expect(list.body.map((l: { limitId: string }) => l.limitId).sort()).toEqual([now, later, stationLimit].sort());
    expect(list.body.find((l: { limitId: string }) => l.limitId === stationLimit)).toEqual(
      expect.objectContaining({ source: 'station', stationId: 'CS-Y1', evseId: 0, limitA: [10, 10, 10], inForce: true }),
    );
    expectProblem(await api.call('DELETE', `/sites/${SITE}/limits/${stationLimit}`), 409, 'StationLimit');
  });

  it('refuses a limit without a value, an empty or past validity, an unknown node (400) and an unknown site (404)', async () => {
    expectProblem(await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'grid' }), 400, 'NoLimit', 'limitA');
    const from = '2030-01-01T10:00:00.000Z';
    expectProblem(
      await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'grid', limitKw: 5, validFrom: from, validTo: from }),
      400,
      'EmptyValidity',
      'validTo',
    );
    expectProblem(
      await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'grid', limitKw: 5, validTo: '2020-01-01T00:00:00Z' }),
      400,
      'LimitOver',
      'validTo',
    );
    expectProblem(await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'nope', limitA: 5 }), 400, 'UnknownNode', 'nodeId');
    expectProblem(
      await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'grid', limitA: 5, validFrom: '1998-12-31T23:59:60Z' }),
      400,
      'BadTime',
      'validFrom',
    );
    const negative = await api.call('POST', `/sites/${SITE}/limits`, { nodeId: 'grid', limitA: -1 });
    expectProblem(negative, 400);
    expect(negative.body.detail).toContain('/limitA');
    expectProblem(await api.call('POST', `/sites/nowhere/limits`, { nodeId: 'grid', limitA: 5 }), 404, 'UnknownSite');
    expectProblem(await api.call('GET', `/sites/nowhere/limits`, undefined, 'read'), 404, 'UnknownSite');
  });

  it('clears a limit (204, site due); clearing it again or an unknown one is 404', async () => {
    await api.takeReplan(SITE);
    expect((await api.call('DELETE', `/sites/${SITE}/limits/${now}`)).status).toBe(204);
    expect((await api.takeReplan(SITE)).reasons).toEqual([`limit ${now} cleared`]);
    const ids = (await api.call('GET', `/sites/${SITE}/limits`, undefined, 'read')).body.map((l: { limitId: string }) => l.limitId);
    expect(ids).not.toContain(now);
    expect(ids).toContain(later);
    expectProblem(await api.call('DELETE', `/sites/${SITE}/limits/${now}`), 404, 'UnknownLimit');
    expectProblem(await api.call('DELETE', `/sites/${SITE}/limits/not-a-uuid`), 404, 'UnknownLimit');
    expectProblem(await api.call('DELETE', `/sites/nowhere/limits/${later}`), 404, 'UnknownSite');
  });
});

describe('priorities', () => {
  it('sets (201, then 200), lists and removes priority rules; each change marks every site due', async () => {
    await api.takeReplan(SITE);
    const created = await api.call('PUT', '/priorities/token/ISO14443:AABBCCDD', { priority: 10 });
    expect(created).toEqual(expect.objectContaining({ status: 201, body: { match: 'token', value: 'ISO14443:AABBCCDD', priority: 10 } }));
    expect((await api.call('PUT', '/priorities/token/ISO14443:AABBCCDD', { priority: 20 })).status).toBe(200);
    expect((await api.call('PUT', '/priorities/group/fleet-7', { priority: -5 })).status).toBe(201);
    expect((await api.call('GET', '/priorities', undefined, 'read')).body).toEqual([
      { match: 'group', value: 'fleet-7', priority: -5 },
      { match: 'token', value: 'ISO14443:AABBCCDD', priority: 20 },
    ]);
    expect((await api.takeReplan(SITE)).reasons).toContain('priority of token ISO14443:AABBCCDD set to 20');
    expect((await api.call('DELETE', '/priorities/group/fleet-7')).status).toBe(204);
    expect((await api.call('GET', '/priorities', undefined, 'read')).body).toHaveLength(1);
    expectProblem(await api.call('DELETE', '/priorities/group/fleet-7'), 404, 'UnknownPriorityRule');
    expectProblem(await api.call('PUT', '/priorities/customer/x', { priority: 1 }), 400, 'BadMatch', 'match');
    expectProblem(await api.call('PUT', '/priorities/token/x', { priority: 1.5 }), 400);
    expectProblem(await api.call('PUT', '/priorities/token/x', {}), 400);
  });
});

describe('flagged stations', () => {
  it('lists stations that refused profiles with their site, un-flags one (site due) and 404s one not flagged', async () => {
    await api.harness.query(
      `INSERT INTO stations (station_id, connected, changed_at, flagged_at, flag_reason) VALUES
         ('CS-Y1', true, now(), '2026-02-01T08:00:00Z', 'SetChargingProfile: Rejected'),
         ('CS-LONE', false, now(), '2026-02-01T09:00:00Z', 'SetChargingProfile: NotSupported'),
         ('CS-OK', true, now(), NULL, NULL)`,
    );
    expect((await api.call('GET', '/flagged-stations', undefined, 'read')).body).toEqual([
      {
        stationId: 'CS-Y1',
        flaggedAt: '2026-02-01T08:00:00.000Z',
        reason: 'SetChargingProfile: Rejected',
        connected: true,
        siteId: SITE,
        nodeId: 'st-1',
      },
      {
        stationId: 'CS-LONE',
        flaggedAt: '2026-02-01T09:00:00.000Z',
        reason: 'SetChargingProfile: NotSupported',
        connected: false,
        siteId: null,
        nodeId: null,
      },
    ]);
    await api.takeReplan(SITE);
    expect((await api.call('DELETE', '/flagged-stations/CS-Y1')).status).toBe(204);
    expect(await api.takeReplan(SITE)).toEqual({ due: true, reasons: ['station CS-Y1 un-flagged'] });
    expect((await api.call('GET', '/flagged-stations', undefined, 'read')).body.map((s: { stationId: string }) => s.stationId)).toEqual([
      'CS-LONE',
    ]);
    expectProblem(await api.call('DELETE', '/flagged-stations/CS-Y1'), 404, 'NotFlagged');
    expectProblem(await api.call('DELETE', '/flagged-stations/CS-OK'), 404, 'NotFlagged');
    expectProblem(await api.call('DELETE', '/flagged-stations/CS-Y1', undefined, 'read'), 403);
  });
});

describe('allocations', () => {
  const decision = (limitA: number) => ({
    sessions: [
      {
        sessionId: randomUUID(),
        stationId: 'CS-Y1',
        evseId: 1,
        transactionRef: 'tx-1',
        limitA,
        phases: 3,
        status: 'Capped',
        reason: 'panel full',
        limitingNodeId: 'panel',
      },
    ],
    nodes: [{ nodeId: 'grid', kind: 'grid', effectiveLimitA: [63, 63, 63], plannedA: [limitA, limitA, limitA], plannedKw: 0 }],
    overcommitted: [],
  });

  it('answers 404 before the site was planned, and for an unknown site', async () => {
    const answer = await api.call('GET', `/sites/${SITE}/allocation`, undefined, 'read');
    expectProblem(answer, 404, 'NotPlanned');
    expect(answer.body.detail).toBe(`site ${SITE} has not been planned yet`);
    expectProblem(await api.call('GET', '/sites/nowhere/allocation', undefined, 'read'), 404, 'UnknownSite');
    expect((await api.call('GET', `/sites/${SITE}/allocations`, undefined, 'read')).body).toEqual({ items: [], nextCursor: null });
  });

  it('shows the latest decision and pages through the history, newest first', async () => {
    // Three decisions as the planner stores them (the runtime part writes this table).
    for (const [at, limitA] of [
      ['2026-03-01T10:00:00.000Z', 16],
      ['2026-03-01T10:00:30.000Z', 12],
      ['2026-03-01T10:01:00.000Z', 8],
    ] as const)
      await api.harness.query('INSERT INTO allocations (site_id, planned_at, triggers, result) VALUES ($1, $2, $3, $4)', [
        SITE,
        at,
        ['periodic'],
        JSON.stringify(decision(limitA)),
      ]);
    const live = await api.call('GET', `/sites/${SITE}/allocation`, undefined, 'read');
    expect(live.body).toEqual(
      expect.objectContaining({
        siteId: SITE,
        allocationId: expect.stringMatching(/^\d+$/),
        plannedAt: '2026-03-01T10:01:00.000Z',
        triggers: ['periodic'],
        overcommitted: [],
      }),
    );
    expect(live.body.sessions[0]).toEqual(expect.objectContaining({ limitA: 8, status: 'Capped', limitingNodeId: 'panel' }));

    const first = await api.call('GET', `/sites/${SITE}/allocations?limit=2`, undefined, 'read');
    expect(first.body.items.map((a: { plannedAt: string }) => a.plannedAt)).toEqual([
      '2026-03-01T10:01:00.000Z',
      '2026-03-01T10:00:30.000Z',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.call('GET', `/sites/${SITE}/allocations?limit=2&cursor=${first.body.nextCursor}`, undefined, 'read');
    expect(second.body.items.map((a: { plannedAt: string }) => a.plannedAt)).toEqual(['2026-03-01T10:00:00.000Z']);
    expect(second.body.nextCursor).toBeNull();
    const range = await api.call('GET', `/sites/${SITE}/allocations?from=2026-03-01T10:00:30Z&to=2026-03-01T10:01:00Z`, undefined, 'read');
    expect(range.body.items.map((a: { plannedAt: string }) => a.plannedAt)).toEqual(['2026-03-01T10:00:30.000Z']);
  });

  it('refuses a bad cursor, an empty range and a bad limit (400)', async () => {
    expectProblem(await api.call('GET', `/sites/${SITE}/allocations?cursor=garbage`, undefined, 'read'), 400, 'BadCursor', 'cursor');
    expectProblem(
      await api.call('GET', `/sites/${SITE}/allocations?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`, undefined, 'read'),
      400,
      'EmptyRange',
    );
    expectProblem(await api.call('GET', `/sites/${SITE}/allocations?limit=0`, undefined, 'read'), 400);
    expectProblem(await api.call('GET', `/sites/${SITE}/allocations?from=1998-12-31T23:59:60Z`, undefined, 'read'), 400, 'BadTime', 'from');
    const huge = Buffer.from('1.99999999999999999999').toString('base64url');
    expectProblem(await api.call('GET', `/sites/${SITE}/allocations?cursor=${huge}`, undefined, 'read'), 400, 'BadCursor');
    expectProblem(await api.call('GET', `/sites/${SITE}/allocations?limit=2&offset=4`, undefined, 'read'), 400);
  });
});

describe('replan', () => {
  it('marks the site due now (202)', async () => {
    await api.takeReplan(SITE);
    const answer = await api.call('POST', `/sites/${SITE}/replan`);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ siteId: SITE, replanDueAt: expect.any(String), replanReasons: ['replan requested (API)'] });
    expect(Math.abs(Date.parse(answer.body.replanDueAt) - Date.now())).toBeLessThan(60_000);
    expectProblem(await api.call('POST', '/sites/nowhere/replan'), 404, 'UnknownSite');
  });
});
