import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, pageOf } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';

const ALICE = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const CDR = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function customer(name = 'Alice Fleet') {
  return { id: ALICE, name, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' };
}

function token(idToken: string, status: 'Accepted' | 'Blocked' = 'Accepted') {
  return {
    key: `ISO14443:${idToken}`,
    idToken,
    type: 'ISO14443',
    status,
    customerId: ALICE,
    expiryDate: null,
    groupIdToken: null,
    maxActiveSessions: null,
    updatedAt: '2026-01-31T12:00:00.000Z',
  };
}

function money(amount: string) {
  return { amount, currency: 'EUR' };
}

const cdr = {
  cdrId: CDR,
  sessionId: 'b1c2d3e4-0000-4000-8000-000000000001',
  stationId: 'CP-0001',
  protocol: 'ocpp2.0.1',
  transactionRef: 'tx-1',
  idTokenKey: 'ISO14443:04A1B2C3D4',
  customerId: ALICE,
  startedAt: '2026-01-31T10:00:00.000Z',
  endedAt: '2026-01-31T11:00:00.000Z',
  energyWh: 12_345,
  currency: 'EUR',
  lines: [],
  subtotal: money('3.63'),
  tax: money('0.69'),
  totalExclTax: money('3.63'),
  totalInclTax: money('4.32'),
  anomalies: [],
  anomalous: false,
  issuedAt: '2026-01-31T11:00:01.000Z',
};

function customerApi(scope: 'admin' | 'write' | 'read' = 'write') {
  return new FakeApi(scope)
    .on('GET', `/api/v1/customers/${ALICE}`, customer())
    .on('GET', '/api/v1/customers', pageOf([customer()], 20))
    .on('GET', '/api/v1/id-tokens', pageOf([token('04A1B2C3D4'), token('DEADBEEF', 'Blocked')], 20))
    .on('GET', '/api/v1/cdrs', pageOf([cdr], 20));
}

describe('a customer page', () => {
  it('shows the customer, its tokens and the CDRs of its sessions', async () => {
    const api = customerApi('read');
    renderConsole(`/customers/${ALICE}`, api);
    await waitFor(() => expect(screen.getByTestId('customer-name').textContent).toBe('Alice Fleet'));
    const tokens = await screen.findByTestId('tokens-table');
    expect(tokens.querySelector('tr[data-token="04A1B2C3D4"]')).not.toBeNull();
    expect(tokens.querySelector('tr[data-token="DEADBEEF"]')!.textContent).toContain('Blocked');
    expect(api.calls('GET', '/api/v1/id-tokens')[0].query.get('customerId')).toBe(ALICE);
    const cdrs = await screen.findByTestId('customer-cdrs');
    const line = cdrs.querySelector<HTMLElement>(`tr[data-cdr="${CDR}"]`)!;
    expect(line.textContent).toContain('CP-0001');
    expect(line.textContent).toContain('12.35 kWh');
    expect(line.textContent).toMatch(/4\.32/);
    expect(api.calls('GET', '/api/v1/cdrs')[0].query.get('customerId')).toBe(ALICE);
    // read key: no rename, delete, new token or block
    expect(screen.queryByRole('button', { name: 'Rename' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.queryByTestId('create-token')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Block' })).toBeNull();
  });

  it('renames the customer (PATCH {name})', async () => {
    const api = customerApi('write').on('PATCH', `/api/v1/customers/${ALICE}`, customer('Alice Fleet GmbH'));
    renderConsole(`/customers/${ALICE}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Rename' }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    expect(name).toHaveProperty('value', 'Alice Fleet');
    fireEvent.change(name, { target: { value: 'Alice Fleet GmbH' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls('PATCH', `/api/v1/customers/${ALICE}`)).toHaveLength(1));
    expect(api.calls('PATCH', `/api/v1/customers/${ALICE}`)[0].body).toEqual({ name: 'Alice Fleet GmbH' });
    await waitFor(() => expect(screen.getByTestId('customer-name').textContent).toBe('Alice Fleet GmbH'));
  });

  it('deletes the customer only after a confirmation, then goes back to the list', async () => {
    const api = customerApi('admin').on('DELETE', `/api/v1/customers/${ALICE}`, new Reply(204));
    renderConsole(`/customers/${ALICE}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('id tokens');
    expect(api.calls('DELETE', `/api/v1/customers/${ALICE}`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('confirm'));
    await waitFor(() => expect(api.calls('DELETE', `/api/v1/customers/${ALICE}`)).toHaveLength(1));
    expect(await screen.findByTestId('customers-table')).toBeTruthy();
  });

  it('shows why a delete was refused', async () => {
    const api = customerApi('write').on(
      'DELETE',
      `/api/v1/customers/${ALICE}`,
      new Reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: `No customer ${ALICE}` }),
    );
    renderConsole(`/customers/${ALICE}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('confirm'));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(`No customer ${ALICE}`);
  });

  it('adds a token for this customer (its id preset in the body)', async () => {
    const api = customerApi('write').on('POST', '/api/v1/id-tokens', new Reply(201, token('CAFE0001')));
    renderConsole(`/customers/${ALICE}`, api);
    fireEvent.click(await screen.findByTestId('create-token'));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Customer' })).toHaveProperty('value', 'Alice Fleet'));
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Token value/ }), { target: { value: 'CAFE0001' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create token' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/id-tokens')).toHaveLength(1));
    expect(api.calls('POST', '/api/v1/id-tokens')[0].body).toEqual({
      idToken: 'CAFE0001',
      type: 'ISO14443',
      status: 'Accepted',
      customerId: ALICE,
    });
  });

  it('says so when the customer does not exist', async () => {
    const api = customerApi('read').on(
      'GET',
      `/api/v1/customers/${ALICE}`,
      new Reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: `No customer ${ALICE}` }),
    );
    renderConsole(`/customers/${ALICE}`, api);
    expect((await screen.findByRole('alert')).textContent).toContain(`No customer ${ALICE}`);
  });
});
