import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, pageOf, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';

const STANDARD = '5e0a4b8c-1d2e-4f30-9a1b-2c3d4e5f6a7b';
const NIGHT = '6f1b5c9d-2e3f-4a41-8b2c-3d4e5f6a7b8c';

function tariff(id: string, name: string, extra: object = {}) {
  return {
    id,
    version: 1,
    name,
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    energyPerKwh: '0.39',
    chargingPerMinute: '0',
    idlePerMinute: '0.1',
    idleGraceMinutes: 30,
    sessionFee: '0.5',
    bands: [],
    taxRatePercent: '19',
    rounding: 'HALF_UP',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    ...extra,
  };
}

function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="tariffs-table"] tr[data-tariff="${id}"]`);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

describe('the tariffs page', () => {
  it('lists the tariffs with their prices, each linking to its page, and searches by name', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/tariffs', (r: RecordedRequest) =>
      pageOf(
        [
          tariff(STANDARD, 'Standard'),
          tariff(NIGHT, 'Night saver', { bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.25' }] }),
        ].filter((t) => t.name.toLowerCase().includes((r.query.get('name') ?? '').toLowerCase())),
        25,
      ),
    );
    renderConsole('/tariffs', api);
    await screen.findByTestId('tariffs-table');
    expect(within(row(STANDARD)).getByRole('link', { name: 'Standard' }).getAttribute('href')).toBe(`/tariffs/${STANDARD}`);
    expect(row(STANDARD).textContent).toContain('0.39 EUR/kWh');
    expect(row(STANDARD).textContent).toContain('19 %');
    expect(row(NIGHT).textContent).toContain('night');
    // a read key creates nothing
    expect(screen.queryByTestId('create-tariff')).toBeNull();

    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'night' } });
    await waitFor(() => expect(api.calls('GET', '/api/v1/tariffs').at(-1)!.query.get('name')).toBe('night'));
    await waitFor(() => expect(document.querySelector(`tr[data-tariff="${STANDARD}"]`)).toBeNull());
  });

  it('creates a tariff with its prices and a band (POST), then opens it', async () => {
    const created = tariff(NIGHT, 'Night saver');
    const api = new FakeApi('write')
      .on('GET', '/api/v1/tariffs', pageOf([tariff(STANDARD, 'Standard')], 25))
      .on('POST', '/api/v1/tariffs', new Reply(201, { ...created, assignments: [] }))
      .on('GET', `/api/v1/tariffs/${NIGHT}`, created)
      .on('GET', `/api/v1/tariffs/${NIGHT}/assignments`, [])
      .on('GET', `/api/v1/tariffs/${NIGHT}/versions`, [created]);
    renderConsole('/tariffs', api);
    await screen.findByTestId('tariffs-table');
    fireEvent.click(screen.getByTestId('create-tariff'));
    const dialog = await screen.findByRole('dialog');
    const type = (label: string | RegExp, value: string) =>
      fireEvent.change(within(dialog).getByRole('textbox', { name: label }), { target: { value } });
    type(/^Name/, 'Night saver');
    fireEvent.change(within(dialog).getByRole('combobox', { name: /^Time zone/ }), { target: { value: 'Europe/Berlin' } });
    type('Tax rate (%)', '19');
    type('Per kWh', '0.39');
    type('Session fee', '0.50');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add band' }));
    type('Band 1 name', 'night');
    type('Band 1 from', '22:00');
    type('Band 1 to', '06:00');
    type('Band 1 energyPerKwh', '0.25');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create tariff' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/tariffs')).toHaveLength(1));
    expect(api.calls('POST', '/api/v1/tariffs')[0].body).toEqual({
      name: 'Night saver',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      taxRatePercent: '19',
      rounding: 'HALF_UP',
      energyPerKwh: '0.39',
      sessionFee: '0.50',
      bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.25' }],
    });
    await waitFor(() => expect(screen.getByTestId('tariff-name').textContent).toBe('Night saver'));
  });

  it('checks prices before sending, and shows the problem detail the API answers (400)', async () => {
    const api = new FakeApi('admin')
      .on('GET', '/api/v1/tariffs', pageOf([], 25))
      .on(
        'POST',
        '/api/v1/tariffs',
        new Reply(400, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'unknown time zone Mars/Olympus' }),
      );
    renderConsole('/tariffs', api);
    await screen.findByTestId('tariffs-table');
    fireEvent.click(screen.getByTestId('create-tariff'));
    const dialog = await screen.findByRole('dialog');
    const type = (label: string | RegExp, value: string) =>
      fireEvent.change(within(dialog).getByRole('textbox', { name: label }), { target: { value } });
    type(/^Name/, 'Mars');
    type('Tax rate (%)', '19');
    type('Per kWh', '0,39');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create tariff' }));
    expect(await within(dialog).findByText('A decimal, at most 6 decimals (e.g. 0.35)')).toBeTruthy();
    expect(api.calls('POST', '/api/v1/tariffs')).toHaveLength(0);

    type('Per kWh', '0.39');
    fireEvent.change(within(dialog).getByRole('combobox', { name: /^Time zone/ }), { target: { value: 'Mars/Olympus' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create tariff' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('unknown time zone Mars/Olympus');
  });
});
