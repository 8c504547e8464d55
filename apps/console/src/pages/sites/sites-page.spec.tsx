import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, pageOf, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';

function site(siteId: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    siteId,
    name,
    safetyMarginPct: 10,
    voltageV: 230,
    replanDueAt: null,
    replanReasons: [],
    plannedAt: '2026-12-07T09:00:00.000Z',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...extra,
  };
}

const SITES = [
  site('depot', 'Bus depot'),
  site('office', 'Office car park', { plannedAt: null, replanDueAt: '2026-12-07T10:00:05.000Z', replanReasons: ['node grid changed'] }),
];

describe('the sites', () => {
  it('lists the load-management sites, each linking to its page; a read key gets no create form', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/energy/sites', pageOf(SITES));
    renderConsole('/sites', api);
    const table = await screen.findByTestId('sites-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.dataset.site)).toEqual(['depot', 'office']);
    expect(within(rows[0]).getByRole('link', { name: 'depot' }).getAttribute('href')).toBe('/sites/depot');
    expect(rows[0].textContent).toContain('Bus depot');
    expect(rows[0].textContent).toContain('10 %');
    expect(rows[1].textContent).toContain('never');
    expect(rows[1].textContent).toMatch(/due /);
    expect(within(rows[0]).getByRole('link', { name: 'Report' }).getAttribute('href')).toBe('/reports?scope=site&site=depot');
    expect(screen.getByTestId('list-total').textContent).toBe('2 in all');
    const query = api.calls('GET', '/api/v1/energy/sites')[0].query;
    expect([query.get('limit'), query.get('offset')]).toEqual(['50', '0']);
    expect(screen.queryByRole('button', { name: 'Create site' })).toBeNull();
    expect(screen.queryByLabelText(/Site id/)).toBeNull();
  });

  it('creates a site (write key) and opens it', async () => {
    const created: unknown[] = [];
    const api = new FakeApi('write')
      .on('GET', '/api/v1/energy/sites', () => pageOf(SITES))
      .on('POST', '/api/v1/energy/sites', (r: RecordedRequest) => {
        created.push(r.body);
        return new Reply(201, site('yard', 'Yard', { safetyMarginPct: 5, voltageV: 240 }));
      })
      .on('GET', '/api/v1/energy/sites/yard', site('yard', 'Yard', { safetyMarginPct: 5, voltageV: 240 }))
      .on('GET', '/api/v1/energy/sites/yard/nodes', [])
      .on(
        'GET',
        '/api/v1/energy/sites/yard/allocation',
        new Reply(404, { title: 'Not Found', detail: 'site yard has not been planned yet' }),
      )
      .on('GET', '/api/v1/energy/sites/yard/limits', [])
      .on('GET', '/api/v1/energy/sites/yard/allocations', { items: [], nextCursor: null });
    renderConsole('/sites', api);
    await screen.findByTestId('sites-table');
    // a bad id is refused before anything is sent
    fireEvent.change(screen.getByLabelText(/Site id/), { target: { value: 'no spaces' } });
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'Yard' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create site' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The site id is 1–64 of A-Z a-z 0-9 . _ -');
    expect(api.calls('POST', '/api/v1/energy/sites')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/Site id/), { target: { value: 'yard' } });
    fireEvent.change(screen.getByLabelText('Safety margin (%)'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Voltage (V)'), { target: { value: '240' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create site' }));
    await waitFor(() => expect(created).toEqual([{ siteId: 'yard', name: 'Yard', safetyMarginPct: 5, voltageV: 240 }]));
    expect((await screen.findByTestId('site-name')).textContent).toBe('Yard');
    expect(await screen.findByText('Not planned yet.')).toBeTruthy();
  });

  it('shows why the API refused a new site', async () => {
    const api = new FakeApi('admin')
      .on('GET', '/api/v1/energy/sites', pageOf(SITES))
      .on('POST', '/api/v1/energy/sites', new Reply(409, { title: 'Conflict', detail: 'site depot exists' }));
    renderConsole('/sites', api);
    await screen.findByTestId('sites-table');
    fireEvent.change(screen.getByLabelText(/Site id/), { target: { value: 'depot' } });
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'Depot again' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create site' }));
    expect((await screen.findByRole('alert')).textContent).toContain('site depot exists');
    expect(api.calls('POST', '/api/v1/energy/sites')[0].body).toEqual({ siteId: 'depot', name: 'Depot again' });
  });
});
