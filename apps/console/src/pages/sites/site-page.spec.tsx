import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';

const SITE = {
  siteId: 'depot',
  name: 'Bus depot',
  safetyMarginPct: 10,
  voltageV: 230,
  replanDueAt: null,
  replanReasons: [],
  plannedAt: '2026-12-07T09:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

type Kind = 'grid' | 'circuit' | 'station' | 'evse';

function node(nodeId: string, parentId: string | null, kind: Kind, extra: Record<string, unknown> = {}) {
  return {
    siteId: 'depot',
    nodeId,
    parentId,
    kind,
    name: null,
    limitA: null,
    limitKw: null,
    unmanagedA: [0, 0, 0],
    stationId: null,
    dc: false,
    measuredLoad: null,
    ...extra,
  };
}

// parents first, as the API sends them
const NODES = [
  node('grid', null, 'grid', {
    name: 'Grid connection',
    limitA: [250, 250, 250],
    limitKw: 160,
    measuredLoad: { currentA: [12, 10, 8], measuredAt: '2026-12-07T09:59:00.000Z', source: 'api' },
  }),
  node('hall', 'grid', 'circuit', { name: 'Hall', limitA: [63, 63, 63] }),
  node('st-1', 'hall', 'station', { stationId: 'CP-1', limitA: [32, 32, 32], evseCount: 2, phaseRotation: 'RST' }),
  node('st-1-e1', 'st-1', 'evse', { stationId: 'CP-1', evseId: 1, maxA: 32, priority: 2 }),
  node('st-1-e2', 'st-1', 'evse', { stationId: 'CP-1', evseId: 2, maxA: 32 }),
  node('st-2', 'grid', 'station', { stationId: 'CP-2', unmanagedA: [5, 5, 5] }),
];

function allocation(id: string, limitA: number) {
  return {
    siteId: 'depot',
    allocationId: id,
    plannedAt: '2026-12-07T10:00:00.000Z',
    triggers: ['session s-1 started'],
    sessions: [
      {
        sessionId: 's-1',
        stationId: 'CP-1',
        evseId: 1,
        transactionRef: 'tx-1',
        limitA,
        phases: 3,
        status: 'Capped',
        reason: 'hall at its limit',
        limitingNodeId: 'hall',
        measuredA: [20, 20, 20],
      },
      {
        sessionId: 's-2',
        stationId: 'CP-1',
        evseId: 2,
        transactionRef: 'tx-2',
        limitA: 0,
        phases: 3,
        status: 'Paused',
        reason: 'lower priority',
        limitingNodeId: 'hall',
        measuredA: [0, 0, 0],
      },
      {
        sessionId: 's-3',
        stationId: 'CP-2',
        evseId: 1,
        transactionRef: 'tx-3',
        limitA: 16,
        phases: 1,
        status: 'Fixed',
        reason: 'station offline',
        limitingNodeId: 'st-2',
        measuredA: [16, 0, 0],
      },
    ],
    nodes: [
      {
        nodeId: 'grid',
        kind: 'grid',
        effectiveLimitA: [225, 225, 225],
        effectiveLimitKw: 144,
        plannedA: [81, 65, 65],
        plannedKw: 48.3,
        measuredA: [50, 40, 40],
      },
      { nodeId: 'hall', kind: 'circuit', effectiveLimitA: [56.7, 56.7, 56.7], plannedA: [56.7, 56.7, 56.7], measuredA: [20, 20, 20] },
    ],
    overcommitted: [],
  };
}

const LIMITS = [
  {
    limitId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    siteId: 'depot',
    nodeId: 'grid',
    source: 'api',
    origin: 'DSO',
    stationId: null,
    evseId: null,
    limitA: [100, 100, 100],
    limitKw: null,
    validFrom: '2026-12-07T08:00:00.000Z',
    validTo: null,
    createdAt: '2026-12-07T08:00:00.000Z',
    inForce: true,
  },
  {
    limitId: '9b2c8d1e-0000-4000-8000-000000000001',
    siteId: 'depot',
    nodeId: 'st-1',
    source: 'station',
    origin: null,
    stationId: 'CP-1',
    evseId: 0,
    limitA: [16, 16, 16],
    limitKw: null,
    validFrom: null,
    validTo: null,
    inForce: true,
  },
];

function siteApi(scope: 'read' | 'write' | 'admin' = 'write'): FakeApi {
  return new FakeApi(scope)
    .on('GET', '/api/v1/energy/sites/depot', SITE)
    .on('GET', '/api/v1/energy/sites/depot/nodes', NODES)
    .on('GET', '/api/v1/energy/sites/depot/allocation', allocation('42', 18.9))
    .on('GET', '/api/v1/energy/sites/depot/limits', LIMITS)
    .on('GET', '/api/v1/energy/sites/depot/allocations', (r: RecordedRequest) =>
      r.query.get('cursor') === 'c-2'
        ? { items: [allocation('40', 32)], nextCursor: null }
        : { items: [allocation('42', 18.9), { ...allocation('41', 20), sessions: [], overcommitted: ['hall'] }], nextCursor: 'c-2' },
    );
}

/** The ids of the nodes `id`'s item sits in, innermost first. */
function ancestors(id: string): string[] {
  const item = screen.getByTestId('site-tree').querySelector(`li[data-node="${id}"]`);
  const path: string[] = [];
  for (let at = item?.parentElement?.closest('li'); at; at = at.parentElement?.closest('li')) path.push(at.dataset.node ?? '');
  return path;
}

describe('a site', () => {
  it('shows its tree nested by parent: kind, name, limits per phase, station/EVSE and measured load', async () => {
    renderConsole('/sites/depot', siteApi('read'));
    const tree = await screen.findByTestId('site-tree');
    expect(screen.getByTestId('site-name').textContent).toBe('Bus depot');
    expect(ancestors('grid')).toEqual([]);
    expect(ancestors('hall')).toEqual(['grid']);
    expect(ancestors('st-1')).toEqual(['hall', 'grid']);
    expect(ancestors('st-1-e1')).toEqual(['st-1', 'hall', 'grid']);
    expect(ancestors('st-1-e2')).toEqual(['st-1', 'hall', 'grid']);
    expect(ancestors('st-2')).toEqual(['grid']);
    const line = (id: string): string => tree.querySelector(`li[data-node="${id}"] > [data-testid="tree-node-line"]`)?.textContent ?? '';
    expect(line('grid')).toContain('grid');
    expect(line('grid')).toContain('Grid connection');
    expect(line('grid')).toContain('250 / 250 / 250 A · 160 kW');
    expect(line('grid')).toContain('measured load 12 / 10 / 8 A');
    expect(line('hall')).toContain('63 / 63 / 63 A');
    expect(line('st-1')).toMatch(/station.*CP-1/);
    expect(line('st-1')).toContain('EVSEs 2');
    expect(line('st-1-e1')).toContain('CP-1 / EVSE 1');
    expect(line('st-1-e1')).toContain('max 32 A');
    expect(line('st-1-e1')).toContain('priority 2');
    expect(line('st-2')).toContain('fixed load 5 / 5 / 5 A');
    expect(within(tree).getAllByRole('link', { name: 'CP-2' })[0].getAttribute('href')).toBe('/stations/CP-2');
  });

  it('shows the live allocation per session and node, read again every 5 s', async () => {
    const api = siteApi('read');
    renderConsole('/sites/depot', api);
    const live = await screen.findByTestId('site-allocation');
    const sessions = await within(live).findByTestId('allocation-sessions');
    const rows = within(sessions).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.dataset.session)).toEqual(['s-1', 's-2', 's-3']);
    expect(rows[0].textContent).toContain('18.9 A × 3');
    expect(rows[0].querySelector('[data-status]')?.getAttribute('data-status')).toBe('Capped');
    expect(rows[0].textContent).toContain('hall at its limit');
    // the limiting node by its name
    expect(rows[0].textContent).toContain('Hall (hall)');
    expect(rows[0].textContent).toContain('20 / 20 / 20 A');
    expect(rows[1].textContent).toMatch(/0 A × 3.*Paused.*lower priority/);
    expect(rows[2].textContent).toMatch(/CP-2 \/ 1.*16 A.*Fixed.*station offline/);
    expect(within(rows[0]).getByRole('link', { name: 's-1' }).getAttribute('href')).toBe('/sessions/s-1');
    const nodeRows = within(within(live).getByTestId('allocation-nodes')).getAllByRole('row').slice(1);
    expect(nodeRows.map((row) => row.dataset.node)).toEqual(['grid', 'hall']);
    expect(nodeRows[0].textContent).toContain('225 / 225 / 225 A · 144 kW');
    expect(nodeRows[0].textContent).toContain('81 / 65 / 65 A · 48.30 kW');
    expect(nodeRows[1].textContent).toContain('56.7 / 56.7 / 56.7 A');
    expect(within(live).getByTestId('allocation-planned').textContent).toMatch(/#42.*session s-1 started/);

    // the next decision shows without a reload
    api.on('GET', '/api/v1/energy/sites/depot/allocation', allocation('43', 24));
    await waitFor(
      () => expect(within(screen.getByTestId('site-allocation')).getByTestId('allocation-planned').textContent).toMatch(/#43/),
      {
        timeout: 8_000,
      },
    );
    expect(within(screen.getByTestId('site-allocation')).getByTestId('allocation-sessions').textContent).toContain('24 A × 3');
    expect(api.calls('GET', '/api/v1/energy/sites/depot/allocation').length).toBeGreaterThanOrEqual(2);
  });

  it('says when the site has not been planned yet', async () => {
    const api = siteApi('read').on(
      'GET',
      '/api/v1/energy/sites/depot/allocation',
      new Reply(404, { title: 'Not Found', detail: 'site depot has not been planned yet' }),
    );
    renderConsole('/sites/depot', api);
    expect(await within(await screen.findByTestId('site-allocation')).findByText('Not planned yet.')).toBeTruthy();
  });

  it('adds a limit with the body the API takes, and clears an API limit (write key)', async () => {
    const api = siteApi('write')
      .on(
        'POST',
        '/api/v1/energy/sites/depot/limits',
        (r: RecordedRequest) => new Reply(201, { ...LIMITS[0], limitId: 'new', ...(r.body as object) }),
      )
      .on('DELETE', /^\/api\/v1\/energy\/sites\/depot\/limits\/[^/]+$/, new Reply(204));
    renderConsole('/sites/depot', api);
    const limits = await screen.findByTestId('site-limits');
    const rows = within(limits).getAllByRole('row').slice(1);
    expect(rows[0].textContent).toMatch(/Grid connection \(grid\).*100 \/ 100 \/ 100 A.*api \(DSO\).*until cleared.*in force/);
    // a station's own limit ends when the station clears it
    expect(within(rows[1]).queryByRole('button', { name: 'Clear' })).toBeNull();
    expect(rows[1].textContent).toContain('station · CP-1/0');

    fireEvent.change(screen.getByLabelText('Node'), { target: { value: 'hall' } });
    fireEvent.change(screen.getByLabelText(/Current \(A\)/), { target: { value: '63, 63, 40' } });
    fireEvent.change(screen.getByLabelText('Power (kW)'), { target: { value: '40' } });
    fireEvent.change(screen.getByLabelText(/Until/), { target: { value: '2026-12-07T18:30' } });
    fireEvent.change(screen.getByLabelText('Imposed by'), { target: { value: 'DSO' } });
    const limitReads = api.calls('GET', '/api/v1/energy/sites/depot/limits').length;
    fireEvent.click(screen.getByRole('button', { name: 'Add limit' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/energy/sites/depot/limits')).toHaveLength(1));
    expect(api.calls('POST', '/api/v1/energy/sites/depot/limits')[0].body).toEqual({
      nodeId: 'hall',
      limitA: [63, 63, 40],
      limitKw: 40,
      validTo: new Date('2026-12-07T18:30').toISOString(),
      origin: 'DSO',
    });
    // the limits (and the re-planned allocation) are read again
    await waitFor(() => expect(api.calls('GET', '/api/v1/energy/sites/depot/limits').length).toBeGreaterThan(limitReads));

    // one number is the same on every phase
    fireEvent.change(screen.getByLabelText(/Current \(A\)/), { target: { value: '32' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add limit' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/energy/sites/depot/limits')).toHaveLength(2));
    expect(api.calls('POST', '/api/v1/energy/sites/depot/limits')[1].body).toEqual({ nodeId: 'hall', limitA: 32 });

    fireEvent.click(within(rows[0]).getByRole('button', { name: 'Clear' }));
    await waitFor(() =>
      expect(api.calls('DELETE', /limits/).map((c) => c.path)).toEqual([`/api/v1/energy/sites/depot/limits/${LIMITS[0].limitId}`]),
    );
  });

  it('refuses a limit without a current or power before sending it', async () => {
    const api = siteApi('admin');
    renderConsole('/sites/depot', api);
    await screen.findByTestId('site-limits');
    fireEvent.change(screen.getByLabelText(/Current \(A\)/), { target: { value: '10, 20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add limit' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Give one current for all phases, or three (L1, L2, L3)');
    fireEvent.change(screen.getByLabelText(/Current \(A\)/), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add limit' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Give a current (A) or a power (kW), or both');
    expect(api.calls('POST', '/api/v1/energy/sites/depot/limits')).toHaveLength(0);
  });

  it('re-plans the site now (write key)', async () => {
    const api = siteApi('write').on(
      'POST',
      '/api/v1/energy/sites/depot/replan',
      new Reply(202, { siteId: 'depot', replanDueAt: '2026-12-07T10:00:01.000Z', replanReasons: ['operator asked'] }),
    );
    renderConsole('/sites/depot', api);
    await screen.findByTestId('site-tree');
    const siteReads = api.calls('GET', '/api/v1/energy/sites/depot').length;
    fireEvent.click(screen.getByRole('button', { name: 'Re-plan now' }));
    expect((await screen.findByTestId('replan-answer')).textContent).toMatch(/Re-plan due/);
    expect(api.calls('POST', '/api/v1/energy/sites/depot/replan')).toHaveLength(1);
    await waitFor(() => expect(api.calls('GET', '/api/v1/energy/sites/depot').length).toBeGreaterThan(siteReads));
  });

  it('offers a read key no write action', async () => {
    renderConsole('/sites/depot', siteApi('read'));
    await screen.findByTestId('site-limits');
    await screen.findByTestId('allocation-sessions');
    expect(screen.queryByRole('button', { name: 'Re-plan now' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add limit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    expect(screen.queryByLabelText('Node')).toBeNull();
  });

  it('pages through the earlier decisions and opens one', async () => {
    const api = siteApi('read');
    renderConsole('/sites/depot', api);
    const history = await screen.findByTestId('allocation-history');
    const rows = within(history)
      .getAllByRole('row')
      .filter((row) => row.dataset.allocation);
    expect(rows.map((row) => row.dataset.allocation)).toEqual(['42', '41']);
    expect(rows[0].textContent).toContain('1 Capped · 1 Paused · 1 Fixed');
    expect(rows[1].textContent).toContain('no session');
    expect(rows[1].textContent).toContain('Hall (hall)');
    expect(api.calls('GET', '/api/v1/energy/sites/depot/allocations')[0].query.get('limit')).toBe('10');

    fireEvent.click(within(rows[0]).getByRole('button', { name: 'Details' }));
    expect(within(screen.getByTestId('allocation-history')).getByTestId('allocation-sessions').textContent).toContain('hall at its limit');

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('allocation-history'))
          .getAllByRole('row')
          .filter((row) => row.dataset.allocation)
          .map((row) => row.dataset.allocation),
      ).toEqual(['40']),
    );
    expect(api.calls('GET', '/api/v1/energy/sites/depot/allocations').at(-1)?.query.get('cursor')).toBe('c-2');
    expect(screen.getByRole('button', { name: 'Older' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('allocation-history'))
          .getAllByRole('row')
          .filter((row) => row.dataset.allocation).length,
      ).toBe(2),
    );
  });
});
