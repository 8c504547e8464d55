import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, pageOf, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import * as csv from '../../util/csv';

const ALICE = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const BOB = '9b2e6f0a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';

function customer(id: string, name: string) {
  return { id, name, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' };
}

function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="customers-table"] tr[data-customer="${id}"]`);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

describe('the customers page', () => {
  it('lists the customers, each linking to its page, and searches by name', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/customers', (r: RecordedRequest) =>
      pageOf(
        [customer(ALICE, 'Alice Fleet'), customer(BOB, 'Bob Taxis')].filter((c) => c.name.includes(r.query.get('name') ?? '')),
        25,
      ),
    );
    renderConsole('/customers', api);
    await screen.findByTestId('customers-table');
    expect(within(row(ALICE)).getByRole('link', { name: 'Alice Fleet' }).getAttribute('href')).toBe(`/customers/${ALICE}`);
    expect(row(BOB).textContent).toContain('Bob Taxis');
    expect(screen.getByTestId('list-total').textContent).toBe('2 in all');

    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Bob' } });
    await waitFor(() => expect(api.calls('GET', '/api/v1/customers').at(-1)!.query.get('name')).toBe('Bob'));
    await waitFor(() => expect(document.querySelector(`tr[data-customer="${ALICE}"]`)).toBeNull());
    expect(screen.getByTestId('list-total').textContent).toBe('1 in all');
  });

  it('creates a customer (POST {name}) and opens its page', async () => {
    const api = new FakeApi('write')
      .on('GET', '/api/v1/customers', pageOf([customer(ALICE, 'Alice Fleet')], 25))
      .on('POST', '/api/v1/customers', new Reply(201, customer(BOB, 'Bob Taxis')))
      .on('GET', `/api/v1/customers/${BOB}`, customer(BOB, 'Bob Taxis'))
      .on('GET', '/api/v1/id-tokens', pageOf([], 20))
      .on('GET', '/api/v1/cdrs', pageOf([], 20));
    renderConsole('/customers', api);
    await screen.findByTestId('customers-table');
    fireEvent.click(screen.getByTestId('create-customer'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: '  Bob Taxis ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/customers')).toHaveLength(1));
    expect(api.calls('POST', '/api/v1/customers')[0].body).toEqual({ name: 'Bob Taxis' });
    await waitFor(() => expect(screen.getByTestId('customer-name').textContent).toBe('Bob Taxis'));
    expect(api.calls('GET', '/api/v1/id-tokens')[0].query.get('customerId')).toBe(BOB);
  });

  it('shows the problem detail of a refused create (400)', async () => {
    const api = new FakeApi('admin')
      .on('GET', '/api/v1/customers', pageOf([], 25))
      .on(
        'POST',
        '/api/v1/customers',
        new Reply(400, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'name must be at most 200 characters' }),
      );
    renderConsole('/customers', api);
    await screen.findByTestId('customers-table');
    fireEvent.click(screen.getByTestId('create-customer'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'X' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('name must be at most 200 characters');
  });

  it('offers no create to a read-only key, and exports the customers as CSV', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/customers', pageOf([customer(ALICE, 'Alice, "the" Fleet')], 25));
    const download = jest.spyOn(csv, 'downloadText').mockImplementation(() => undefined);
    renderConsole('/customers', api);
    await screen.findByTestId('customers-table');
    expect(screen.queryByTestId('create-customer')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-customers'));
    });
    await waitFor(() => expect(download).toHaveBeenCalled());
    const [filename, text] = download.mock.calls[0];
    expect(filename).toBe('customers.csv');
    expect(text).toBe(
      `id,name,createdAt,updatedAt\r\n${ALICE},"Alice, ""the"" Fleet",2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z\r\n`,
    );
    download.mockRestore();
  });
});
