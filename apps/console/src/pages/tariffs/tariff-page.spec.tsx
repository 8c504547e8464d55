import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import { pickOption } from '../../testing/pick-option';

const ID = '5e0a4b8c-1d2e-4f30-9a1b-2c3d4e5f6a7b';
const DEFAULT = 'a1b2c3d4-0000-4000-8000-000000000001';
const STATION = 'a1b2c3d4-0000-4000-8000-000000000002';
const PAST = 'a1b2c3d4-0000-4000-8000-000000000003';

function version(n: number, extra: object = {}) {
  return {
    id: ID,
    version: n,
    name: 'Standard',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    energyPerKwh: '0.39',
    chargingPerMinute: '0',
    idlePerMinute: '0.1',
    idleGraceMinutes: 30,
    sessionFee: '0.5',
    bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.25' }],
    taxRatePercent: '19',
    rounding: 'HALF_UP',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    ...extra,
  };
}

function assignment(id: string, scope: 'default' | 'station' | 'customerGroup', extra: object = {}) {
  return {
    id,
    tariffId: ID,
    scope,
    stationId: null,
    customerGroup: null,
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    ...extra,
  };
}

const PATH = `/api/v1/tariffs/${ID}`;

function tariffApi(scope: 'admin' | 'write' | 'read' = 'write') {
  return new FakeApi(scope)
    .on('GET', PATH, version(2))
    .on('GET', `${PATH}/versions`, [version(1, { energyPerKwh: '0.35' }), version(2)])
    .on('GET', `${PATH}/assignments`, [
      assignment(DEFAULT, 'default'),
      assignment(STATION, 'station', { stationId: 'CP-0001' }),
      assignment(PAST, 'station', { stationId: 'CP-0002', validTo: '2026-01-15T00:00:00.000Z' }),
    ]);
}

function assignmentRow(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="tariff-assignments"] tr[data-assignment="${id}"]`);
  if (!found) throw new Error(`no assignment ${id}`);
  return found;
}

describe('a tariff page', () => {
  it('shows the latest version with its bands, its versions and assignments; a read key changes nothing', async () => {
    const api = tariffApi('read');
    renderConsole(`/tariffs/${ID}`, api);
    await waitFor(() => expect(screen.getByTestId('tariff-name').textContent).toBe('Standard'));
    expect(screen.getByTestId('tariff-version').textContent).toBe('v2');
    expect(screen.getByTestId('price-energy').textContent).toBe('0.39 EUR');
    expect(screen.getByTestId('price-idle').textContent).toBe('0.1 EUR after 30 free min');
    expect(screen.getByTestId('tariff-bands').textContent).toContain('22:00 – 06:00');
    const versions = await screen.findByTestId('tariff-versions');
    expect(versions.querySelector('tr[data-version="1"]')!.textContent).toContain('0.35 EUR/kWh');
    // newest first
    expect(versions.querySelectorAll('tbody tr')[0].getAttribute('data-version')).toBe('2');
    await screen.findByTestId('tariff-assignments');
    expect(assignmentRow(DEFAULT).textContent).toContain('every station');
    expect(assignmentRow(STATION).textContent).toContain('CP-0001');
    expect(assignmentRow(STATION).textContent).toContain('active');
    expect(assignmentRow(PAST).textContent).toContain('ended');
    expect(screen.queryByTestId('edit-tariff')).toBeNull();
    expect(screen.queryByTestId('retire-tariff')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Assign' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'End now' })).toBeNull();
  });

  it('changes the prices: the PATCH carries only what changed, and the new version is shown', async () => {
    let current = version(2);
    const api = tariffApi('write')
      .on('GET', PATH, () => current)
      .on('PATCH', PATH, (r: RecordedRequest) => {
        current = version(3, r.body as object);
        return current;
      });
    renderConsole(`/tariffs/${ID}`, api);
    fireEvent.click(await screen.findByTestId('edit-tariff'));
    const dialog = await screen.findByRole('dialog');
    const field = (label: string) => within(dialog).getByRole('textbox', { name: label });
    expect(field('Per kWh')).toHaveProperty('value', '0.39');
    expect(field('Band 1 energyPerKwh')).toHaveProperty('value', '0.25');
    fireEvent.change(field('Per kWh'), { target: { value: '0.45' } });
    fireEvent.change(field('Session fee'), { target: { value: '0' } });
    fireEvent.change(field('Band 1 energyPerKwh'), { target: { value: '0.29' } });
    await pickOption('Rounding', 'HALF_EVEN', dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(api.calls('PATCH', PATH)).toHaveLength(1));
    expect(api.calls('PATCH', PATH)[0].body).toEqual({
      rounding: 'HALF_EVEN',
      energyPerKwh: '0.45',
      sessionFee: '0',
      bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.29' }],
    });
    await waitFor(() => expect(screen.getByTestId('tariff-version').textContent).toBe('v3'));
    expect(screen.getByTestId('price-energy').textContent).toBe('0.45 EUR');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('removes a band and sets an end of validity in a change; an unchanged form sends nothing', async () => {
    const api = tariffApi('admin').on('PATCH', PATH, version(3, { bands: [] }));
    renderConsole(`/tariffs/${ID}`, api);
    fireEvent.click(await screen.findByTestId('edit-tariff'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as a new version' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Nothing changed');
    expect(api.calls('PATCH', PATH)).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove band 1' }));
    fireEvent.change(within(dialog).getByLabelText(/Valid to/), { target: { value: '2027-01-01T00:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(api.calls('PATCH', PATH)).toHaveLength(1));
    expect(api.calls('PATCH', PATH)[0].body).toEqual({ bands: [], validTo: new Date('2027-01-01T00:00').toISOString() });
  });

  it('shows the problem detail of a refused change (400)', async () => {
    const api = tariffApi('write').on(
      'PATCH',
      PATH,
      new Reply(400, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'bands night and peak overlap' }),
    );
    renderConsole(`/tariffs/${ID}`, api);
    fireEvent.click(await screen.findByTestId('edit-tariff'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Per kWh' }), { target: { value: '0.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as a new version' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('bands night and peak overlap');
  });

  it('assigns the tariff to a station (POST) and ends an assignment (DELETE)', async () => {
    const api = tariffApi('write')
      .on('POST', `${PATH}/assignments`, new Reply(201, assignment('a1b2c3d4-0000-4000-8000-000000000009', 'station')))
      .on('DELETE', `${PATH}/assignments/${STATION}`, new Reply(204));
    renderConsole(`/tariffs/${ID}`, api);
    await screen.findByTestId('tariff-assignments');
    const reads = api.calls('GET', `${PATH}/assignments`).length;
    fireEvent.change(screen.getByRole('textbox', { name: /Station id/ }), { target: { value: 'CP-0042' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(api.calls('POST', `${PATH}/assignments`)).toHaveLength(1));
    expect(api.calls('POST', `${PATH}/assignments`)[0].body).toEqual({ scope: 'station', stationId: 'CP-0042' });
    await waitFor(() => expect(api.calls('GET', `${PATH}/assignments`).length).toBeGreaterThan(reads));

    // an ended assignment cannot be ended again
    expect(within(assignmentRow(PAST)).queryByRole('button')).toBeNull();
    fireEvent.click(within(assignmentRow(STATION)).getByRole('button', { name: 'End now' }));
    await waitFor(() => expect(api.calls('DELETE', `${PATH}/assignments/${STATION}`)).toHaveLength(1));
  });

  it('shows why the only default assignment cannot end (409)', async () => {
    const api = tariffApi('write').on(
      'DELETE',
      `${PATH}/assignments/${DEFAULT}`,
      new Reply(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'It is the only default assignment in force' }),
    );
    renderConsole(`/tariffs/${ID}`, api);
    await screen.findByTestId('tariff-assignments');
    fireEvent.click(within(assignmentRow(DEFAULT)).getByRole('button', { name: 'End now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('It is the only default assignment in force');
  });

  it('assigns as the default without a target', async () => {
    const api = tariffApi('write').on('POST', `${PATH}/assignments`, new Reply(201, assignment(DEFAULT, 'default')));
    renderConsole(`/tariffs/${ID}`, api);
    await screen.findByTestId('tariff-assignments');
    await pickOption('Scope', 'Default (every station)');
    expect(screen.queryByRole('textbox', { name: /Station id/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(api.calls('POST', `${PATH}/assignments`)).toHaveLength(1));
    expect(api.calls('POST', `${PATH}/assignments`)[0].body).toEqual({ scope: 'default' });
  });

  it('retires the tariff only after a confirmation, and shows a refusal (409)', async () => {
    let refuse = true;
    const api = tariffApi('write').on('DELETE', PATH, () =>
      refuse
        ? new Reply(409, {
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            detail: 'It holds the only default assignment in force',
          })
        : new Reply(204),
    );
    renderConsole(`/tariffs/${ID}`, api);
    fireEvent.click(await screen.findByTestId('retire-tariff'));
    const dialog = await screen.findByRole('dialog');
    expect(api.calls('DELETE', PATH)).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('confirm'));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('It holds the only default assignment in force');

    refuse = false;
    const reads = api.calls('GET', `${PATH}/assignments`).length;
    fireEvent.click(within(dialog).getByTestId('confirm'));
    expect(await screen.findByTestId('retired')).toBeTruthy();
    expect(api.calls('DELETE', PATH)).toHaveLength(2);
    await waitFor(() => expect(api.calls('GET', `${PATH}/assignments`).length).toBeGreaterThan(reads));
  });
});
