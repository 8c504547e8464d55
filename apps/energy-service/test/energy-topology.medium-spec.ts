// The energy-service's operator API over real HTTP on a real PostgreSQL schema: sites and the
// tree rules of their nodes, each broken rule answered with its 4xx problem.
import { EnergyTestApi, expectProblem } from './energy-test-api';

let api: EnergyTestApi;
const SITE = 'depot-1';
const OTHER = 'depot-2';

beforeAll(async () => {
  api = await EnergyTestApi.start();
});

afterAll(async () => {
  await api?.stop();
});

const put = (siteId: string, nodeId: string, body: unknown) => api.call('PUT', `/sites/${siteId}/nodes/${nodeId}`, body);

describe('sites', () => {
  it('creates a site with defaults and refuses a second one with its id (409)', async () => {
    const created = await api.call('POST', '/sites', { siteId: SITE, name: 'Depot one' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        siteId: SITE,
        name: 'Depot one',
        safetyMarginPct: 0,
        voltageV: 230,
        plannedAt: null,
        replanReasons: ['site created'],
      }),
    );
    expect(created.body.replanDueAt).toEqual(expect.any(String));
    expect(await api.takeReplan(SITE)).toEqual({ due: true, reasons: ['site created'] });
    expectProblem(await api.call('POST', '/sites', { siteId: SITE, name: 'again' }), 409, 'SiteExists', 'siteId');
    expect((await api.call('POST', '/sites', { siteId: OTHER, name: 'Depot two', safetyMarginPct: 5, voltageV: 240 })).status).toBe(201);
  });

  it('refuses an invalid body with a 400 problem naming the field', async () => {
    const badId = await api.call('POST', '/sites', { siteId: 'no spaces', name: 'x' });
    expectProblem(badId, 400);
    expect(badId.body.detail).toContain('/siteId');
    const noName = await api.call('POST', '/sites', { siteId: 'x1' });
    expectProblem(noName, 400);
    expect(noName.body.detail).toContain('must have property "name"');
    expect((await api.call('POST', '/sites', { siteId: 'x1', name: 'x', safetyMarginPct: 60 })).body.detail).toContain('/safetyMarginPct');
    expect((await api.call('POST', '/sites', { siteId: 'x1', name: 'x', extra: 1 })).body.detail).toContain('unknown property "extra"');
    expectProblem(await api.call('POST', '/sites', '{"siteId": '), 400);
    expectProblem(await api.call('PATCH', `/sites/${SITE}`, {}), 400);
  });

  it('reads, lists and changes sites; a change marks the site due', async () => {
    const one = await api.call('GET', `/sites/${SITE}`, undefined, 'read');
    expect(one).toEqual(expect.objectContaining({ status: 200, body: expect.objectContaining({ siteId: SITE }) }));
    const list = await api.call('GET', '/sites?limit=1', undefined, 'read');
    expect(list.body).toEqual({ items: [expect.objectContaining({ siteId: SITE })], total: 2, limit: 1, offset: 0 });
    const changed = await api.call('PATCH', `/sites/${SITE}`, { safetyMarginPct: 10 });
    expect(changed.body).toEqual(expect.objectContaining({ safetyMarginPct: 10, name: 'Depot one' }));
    expect(await api.takeReplan(SITE)).toEqual({ due: true, reasons: ['site settings changed (safetyMarginPct)'] });
    expectProblem(await api.call('GET', '/sites/nowhere', undefined, 'read'), 404, 'UnknownSite');
    expectProblem(await api.call('GET', '/sites/not%20a%20site', undefined, 'read'), 404, 'UnknownSite');
    expectProblem(await api.call('PATCH', '/sites/nowhere', { name: 'x' }), 404, 'UnknownSite');
  });

  it('needs a key, and the write scope for changes', async () => {
    expectProblem(await api.call('GET', '/sites', undefined, 'none'), 401);
    expectProblem(await api.call('POST', '/sites', { siteId: 'x2', name: 'x' }, 'read'), 403);
    expectProblem(await api.call('PUT', `/sites/${SITE}/nodes/grid`, { kind: 'grid' }, 'read'), 403);
  });
});

describe('the tree', () => {
  it('builds grid → circuits → station → EVSEs (201), replaces a node (200) and marks the site due', async () => {
    const grid = await put(SITE, 'grid', { kind: 'grid', parentId: null, limitA: 63, limitKw: 43, unmanagedA: [5, 0, 2.5] });
    expect(grid.status).toBe(201);
    expect(grid.body).toEqual(
      expect.objectContaining({ nodeId: 'grid', parentId: null, kind: 'grid', limitA: [63, 63, 63], limitKw: 43, unmanagedA: [5, 0, 2.5] }),
    );
    expect((await put(SITE, 'panel-a', { kind: 'circuit', parentId: 'grid', limitA: [32, 32, 25] })).status).toBe(201);
    expect((await put(SITE, 'panel-b', { kind: 'circuit', parentId: 'panel-a', limitA: 20 })).status).toBe(201);
    const station = await put(SITE, 'st-1', { kind: 'station', parentId: 'panel-a', stationId: 'CS-1', phaseRotation: 'RTS', maxA: 32 });
    expect(station.body).toEqual(
      expect.objectContaining({ kind: 'station', stationId: 'CS-1', phaseRotation: 'RTS', maxA: 32, evseCount: null }),
    );
    const evse = await put(SITE, 'st-1-e1', { kind: 'evse', parentId: 'st-1', evseId: 1, priority: 5, maxA: 16 });
    expect(evse.status).toBe(201);
    expect(evse.body).toEqual(expect.objectContaining({ stationId: 'CS-1', evseId: 1, priority: 5, dc: false, measuredLoad: null }));
    expect((await put(SITE, 'st-1-e2', { kind: 'evse', parentId: 'st-1', evseId: 2, dc: true })).status).toBe(201);
    const replaced = await put(SITE, 'grid', { kind: 'grid', limitA: [63, 63, 50] });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual(expect.objectContaining({ limitA: [63, 63, 50], limitKw: null, unmanagedA: [0, 0, 0] }));
    const { due, reasons } = await api.takeReplan(SITE);
    expect(due).toBe(true);
    expect(reasons).toEqual(expect.arrayContaining(['node grid added', 'node st-1-e2 added', 'node grid changed']));

    const nodes = await api.call('GET', `/sites/${SITE}/nodes`, undefined, 'read');
    expect(nodes.body.map((n: { nodeId: string }) => n.nodeId)).toEqual(['grid', 'panel-a', 'panel-b', 'st-1', 'st-1-e1', 'st-1-e2']);
    expect((await api.call('GET', `/sites/${SITE}/nodes/st-1`, undefined, 'read')).body).toEqual(station.body);
  });

  it.each([
    ['a second grid node', 'grid2', { kind: 'grid' }, 409, 'SecondGrid', undefined],
    ['a grid node with a parent', 'grid', { kind: 'grid', parentId: 'panel-a' }, 400, 'GridHasParent', 'parentId'],
    ['a circuit without a parent', 'c9', { kind: 'circuit' }, 400, 'ParentRequired', 'parentId'],
    ['a parent that is no node of the site', 'c9', { kind: 'circuit', parentId: 'nope' }, 400, 'UnknownParent', 'parentId'],
    ['a node as its own parent', 'panel-b', { kind: 'circuit', parentId: 'panel-b' }, 400, 'OwnParent', 'parentId'],
    ['a cycle (a circuit under its own child)', 'panel-a', { kind: 'circuit', parentId: 'panel-b' }, 409, 'Cycle', 'parentId'],
    ['an EVSE under a circuit', 'e9', { kind: 'evse', parentId: 'panel-a', evseId: 9 }, 400, 'WrongParentKind', 'parentId'],
    ['a station under a station', 'st-9', { kind: 'station', parentId: 'st-1', stationId: 'CS-9' }, 400, 'WrongParentKind', 'parentId'],
    ['a circuit under an EVSE', 'c9', { kind: 'circuit', parentId: 'st-1-e1' }, 400, 'WrongParentKind', 'parentId'],
    ['a station without stationId', 'st-9', { kind: 'station', parentId: 'grid' }, 400, 'StationIdRequired', 'stationId'],
    ['an EVSE without evseId', 'e9', { kind: 'evse', parentId: 'st-1' }, 400, 'EvseIdRequired', 'evseId'],
    ['an EVSE id the station has', 'e9', { kind: 'evse', parentId: 'st-1', evseId: 1 }, 409, 'EvseIdTaken', 'evseId'],
    [
      'an EVSE of another station than its parent',
      'e9',
      { kind: 'evse', parentId: 'st-1', evseId: 9, stationId: 'CS-2' },
      400,
      'StationIdMismatch',
      'stationId',
    ],
    ['a station twice in the site', 'st-1b', { kind: 'station', parentId: 'grid', stationId: 'CS-1' }, 409, 'StationTwice', 'stationId'],
    ['evseId on a circuit', 'c9', { kind: 'circuit', parentId: 'grid', evseId: 3 }, 400, 'FieldNotForKind', 'evseId'],
    [
      'phaseRotation on an EVSE',
      'e9',
      { kind: 'evse', parentId: 'st-1', evseId: 9, phaseRotation: 'RST' },
      400,
      'FieldNotForKind',
      'phaseRotation',
    ],
    ['a station with EVSEs made a circuit', 'st-1', { kind: 'circuit', parentId: 'panel-a' }, 409, 'ChildrenDoNotFit', 'kind'],
    [
      'a circuit with a circuit child made a station',
      'panel-a',
      { kind: 'station', parentId: 'grid', stationId: 'CS-7' },
      409,
      'ChildrenDoNotFit',
      'kind',
    ],
  ])('refuses %s', async (_what, nodeId, body, status, code, field) => {
    const before = await api.call('GET', `/sites/${SITE}/nodes`, undefined, 'read');
    const answer = await put(SITE, nodeId, body);
    expectProblem(answer, status, code, field);
    expect((await api.call('GET', `/sites/${SITE}/nodes`, undefined, 'read')).body).toEqual(before.body);
  });

  it('keeps a station in one site (409 in another)', async () => {
    expect((await put(OTHER, 'grid', { kind: 'grid', limitA: 40 })).status).toBe(201);
    const answer = await put(OTHER, 'st-x', { kind: 'station', parentId: 'grid', stationId: 'CS-1' });
    expectProblem(answer, 409, 'StationInOtherSite', 'stationId');
    expect(answer.body.detail).toBe(`station CS-1 belongs to site ${SITE} (node st-1)`);
  });

  it('refuses a body that breaks the schema, naming the field, and an unknown site or bad node id', async () => {
    for (const [body, field] of [
      [{ kind: 'circuit', parentId: 'grid', limitA: [10, 10] }, '/limitA'],
      [{ kind: 'panel', parentId: 'grid' }, '/kind'],
      [{ kind: 'circuit', parentId: 'grid', unmanagedA: 'x' }, '/unmanagedA'],
      [{ kind: 'station', parentId: 'grid', stationId: 'CS-3', phaseRotation: 'XYZ' }, '/phaseRotation'],
      [{ kind: 'evse', parentId: 'st-1', evseId: 0 }, '/evseId'],
      [{ parentId: 'grid' }, 'must have property "kind"'],
      [{ kind: 'circuit', parentId: 'grid', colour: 'red' }, 'unknown property "colour"'],
    ] as const) {
      const answer = await put(SITE, 'c9', body);
      expectProblem(answer, 400);
      expect(answer.body.detail).toContain(field);
    }
    expectProblem(await put('nowhere', 'grid', { kind: 'grid' }), 404, 'UnknownSite');
    expectProblem(await put(SITE, 'bad%20id', { kind: 'circuit', parentId: 'grid' }), 400, 'BadNodeId', 'nodeId');
    expectProblem(await api.call('GET', `/sites/${SITE}/nodes/nope`, undefined, 'read'), 404, 'UnknownNode');
    expectProblem(await api.call('GET', '/sites/nowhere/nodes', undefined, 'read'), 404, 'UnknownSite');
  });

  it('moves a station and renames it: its EVSEs follow', async () => {
    const moved = await put(SITE, 'st-1', { kind: 'station', parentId: 'panel-b', stationId: 'CS-1-NEW', maxA: 32 });
    expect(moved.status).toBe(200);
    const evses = (await api.call('GET', `/sites/${SITE}/nodes`, undefined, 'read')).body.filter(
      (n: { kind: string }) => n.kind === 'evse',
    );
    expect(evses.map((e: { stationId: string }) => e.stationId)).toEqual(['CS-1-NEW', 'CS-1-NEW']);
    // The old id is free for another site now.
    expect((await put(OTHER, 'st-x', { kind: 'station', parentId: 'grid', stationId: 'CS-1', evseCount: 2 })).status).toBe(201);
  });

  it('deletes a node with children only with cascade=true, and a site with nodes likewise', async () => {
    await api.takeReplan(SITE);
    expectProblem(await api.call('DELETE', `/sites/${SITE}/nodes/panel-a`), 409, 'NodeHasChildren');
    expectProblem(await api.call('DELETE', `/sites/${SITE}/nodes/panel-a?cascade=maybe`), 400);
    expect((await api.call('DELETE', `/sites/${SITE}/nodes/st-1-e2`)).status).toBe(204);
    expect((await api.call('DELETE', `/sites/${SITE}/nodes/panel-a?cascade=true`)).status).toBe(204);
    expect((await api.call('GET', `/sites/${SITE}/nodes`, undefined, 'read')).body.map((n: { nodeId: string }) => n.nodeId)).toEqual([
      'grid',
    ]);
    expect((await api.takeReplan(SITE)).reasons).toEqual(['node st-1-e2 deleted', 'node panel-a deleted']);
    expectProblem(await api.call('DELETE', `/sites/${SITE}/nodes/panel-a`), 404, 'UnknownNode');

    expectProblem(await api.call('DELETE', `/sites/${OTHER}`), 409, 'SiteHasNodes');
    expect((await api.call('DELETE', `/sites/${OTHER}?cascade=true`)).status).toBe(204);
    expectProblem(await api.call('GET', `/sites/${OTHER}`, undefined, 'read'), 404, 'UnknownSite');
    expect(await api.harness.query('SELECT node_id FROM nodes WHERE site_id = $1', [OTHER])).toEqual([]);
    expectProblem(await api.call('DELETE', `/sites/${OTHER}`), 404, 'UnknownSite');
  });
});
