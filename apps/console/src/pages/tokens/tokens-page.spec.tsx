import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, pageOf, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import { pickOption } from '../../testing/pick-option';
import * as csv from '../../util/csv';

const ALICE = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

function token(idToken: string, status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' = 'Accepted', extra: object = {}) {
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
    ...extra,
  };
}

function customer(id: string, name: string) {
  return { id, name, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
}

function tokensApi(scope: 'admin' | 'write' | 'read' = 'write') {
  return new FakeApi(scope)
    .on('GET', '/api/v1/id-tokens', pageOf([token('04A1B2C3D4'), token('DEADBEEF', 'Blocked')], 25))
    .on('GET', '/api/v1/customers', pageOf([customer(ALICE, 'Alice Fleet')], 20))
    .on('GET', /^\/api\/v1\/customers\/[^/]+$/, customer(ALICE, 'Alice Fleet'));
}

function row(value: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="tokens-table"] tr[data-token="${value}"]`);
  if (!found) throw new Error(`no row ${value}`);
  return found;
}

describe('the id tokens page', () => {
  it('lists the tokens with their status and customer, and sends the filters', async () => {
    const api = tokensApi('read');
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    expect(row('04A1B2C3D4').textContent).toContain('Accepted');
    expect(row('DEADBEEF').textContent).toContain('Blocked');
    await waitFor(() => expect(within(row('04A1B2C3D4')).getByText('Alice Fleet')).toBeTruthy());
    expect(screen.getByTestId('list-total').textContent).toBe('2 in all');
    expect(api.calls('GET', '/api/v1/id-tokens')[0].query.get('limit')).toBe('25');

    fireEvent.change(screen.getByRole('textbox', { name: 'Token value' }), { target: { value: 'deadbeef' } });
    await pickOption('Status', 'Blocked');
    await waitFor(() => {
      const last = api.calls('GET', '/api/v1/id-tokens').at(-1)!;
      expect(last.query.get('idToken')).toBe('deadbeef');
      expect(last.query.get('status')).toBe('Blocked');
      expect(last.query.get('offset')).toBe('0');
    });
  });

  it('creates a token with the body the API declares, and lists it', async () => {
    const created = token('CAFE0001', 'Accepted', { maxActiveSessions: 2 });
    let listed = [token('04A1B2C3D4')];
    const api = tokensApi('write')
      .on('GET', '/api/v1/id-tokens', () => pageOf(listed, 25))
      .on('POST', '/api/v1/id-tokens', () => {
        listed = [...listed, created];
        return new Reply(201, created);
      });
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    fireEvent.click(screen.getByTestId('create-token'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Token value/ }), { target: { value: ' CAFE0001 ' } });
    await pickOption('Customer', 'Alice Fleet', dialog);
    fireEvent.change(within(dialog).getByLabelText(/Sessions at once/), { target: { value: '2' } });
    fireEvent.change(within(dialog).getByLabelText(/Expires/), { target: { value: '2027-03-01T08:30' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Group token/ }), { target: { value: 'FLEET' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create token' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/id-tokens')).toHaveLength(1));
    expect(api.calls('POST', '/api/v1/id-tokens')[0].body).toEqual({
      idToken: 'CAFE0001',
      type: 'ISO14443',
      status: 'Accepted',
      customerId: ALICE,
      expiryDate: new Date('2027-03-01T08:30').toISOString(),
      groupIdToken: { idToken: 'FLEET', type: 'ISO14443' },
      maxActiveSessions: 2,
    });
    await waitFor(() => expect(row('CAFE0001')).toBeTruthy());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows the problem detail when the API refuses a new token (409)', async () => {
    const api = tokensApi('admin').on(
      'POST',
      '/api/v1/id-tokens',
      new Reply(409, {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'A token ISO14443:04A1B2C3D4 exists',
        code: 'TOKEN_ALREADY_EXISTS',
      }),
    );
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    fireEvent.click(screen.getByTestId('create-token'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Token value/ }), { target: { value: '04A1B2C3D4' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create token' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('A token ISO14443:04A1B2C3D4 exists');
    // the form stays open, with what was typed
    expect(within(dialog).getByRole('textbox', { name: /Token value/ })).toHaveProperty('value', '04A1B2C3D4');
  });

  it('checks the form before sending: a value is required', async () => {
    const api = tokensApi('write');
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    fireEvent.click(screen.getByTestId('create-token'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.submit(within(dialog).getByRole('button', { name: 'Create token' }).closest('form')!);
    expect(await within(dialog).findByText('A value is required')).toBeTruthy();
    expect(api.calls('POST', '/api/v1/id-tokens')).toHaveLength(0);
  });

  it('blocks an accepted token and unblocks a blocked one, then reads the list again', async () => {
    const api = tokensApi('write')
      .on('POST', /\/block$/, (_r: RecordedRequest) => token('04A1B2C3D4', 'Blocked'))
      .on('POST', /\/unblock$/, token('DEADBEEF', 'Accepted'));
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    const reads = api.calls('GET', '/api/v1/id-tokens').length;
    expect(within(row('DEADBEEF')).queryByRole('button', { name: 'Block' })).toBeNull();
    fireEvent.click(within(row('04A1B2C3D4')).getByRole('button', { name: 'Block' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/id-tokens/ISO14443/04A1B2C3D4/block')).toHaveLength(1));
    await waitFor(() => expect(api.calls('GET', '/api/v1/id-tokens').length).toBeGreaterThan(reads));
    fireEvent.click(within(row('DEADBEEF')).getByRole('button', { name: 'Unblock' }));
    await waitFor(() => expect(api.calls('POST', '/api/v1/id-tokens/ISO14443/DEADBEEF/unblock')).toHaveLength(1));
  });

  it('shows why a block was refused', async () => {
    const api = tokensApi('write').on(
      'POST',
      /\/block$/,
      new Reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No token ISO14443:04A1B2C3D4' }),
    );
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    fireEvent.click(within(row('04A1B2C3D4')).getByRole('button', { name: 'Block' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No token ISO14443:04A1B2C3D4');
  });

  it('changes a token: only what changed is sent (PATCH), null clearing the customer', async () => {
    const api = tokensApi('write').on('PATCH', /^\/api\/v1\/id-tokens\/ISO14443\/04A1B2C3D4$/, token('04A1B2C3D4', 'Invalid'));
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    fireEvent.click(within(row('04A1B2C3D4')).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('textbox', { name: /Token value/ })).toHaveProperty('disabled', true);
    await pickOption('Status', 'Invalid', dialog);
    // clear the customer
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Customer' })).toHaveProperty('value', 'Alice Fleet'));
    const clear = dialog.querySelector<HTMLElement>('.mantine-InputClearButton-root, [data-combobox-clear], button[aria-label="Clear"]');
    if (!clear) throw new Error('no clear button');
    fireEvent.click(clear);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls('PATCH', '/api/v1/id-tokens/ISO14443/04A1B2C3D4')).toHaveLength(1));
    expect(api.calls('PATCH', '/api/v1/id-tokens/ISO14443/04A1B2C3D4')[0].body).toEqual({ status: 'Invalid', customerId: null });
  });

  it('offers no create, edit or block to a read-only key', async () => {
    const api = tokensApi('read');
    renderConsole('/tokens', api);
    await screen.findByTestId('tokens-table');
    expect(screen.queryByTestId('create-token')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Block' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Unblock' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    // reading is still offered
    expect(screen.getByTestId('export-tokens')).toBeTruthy();
  });

  it('exports every listed token (all pages of the filter) as CSV', async () => {
    const many = Array.from({ length: 600 }, (_, i) => token(`T${String(i).padStart(4, '0')}`));
    const api = tokensApi('read').on('GET', '/api/v1/id-tokens', (r: RecordedRequest) => {
      const limit = Number(r.query.get('limit'));
      const offset = Number(r.query.get('offset'));
      return { items: many.slice(offset, offset + limit), total: many.length, limit, offset };
    });
    const download = jest.spyOn(csv, 'downloadText').mockImplementation(() => undefined);
    renderConsole('/tokens?status=Accepted', api);
    await screen.findByTestId('tokens-table');
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-tokens'));
    });
    await waitFor(() => expect(download).toHaveBeenCalled());
    const [filename, text] = download.mock.calls[0];
    expect(filename).toBe('id-tokens.csv');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('idToken,type,status,customerId,groupIdToken,expiryDate,maxActiveSessions,updatedAt');
    expect(lines).toHaveLength(601);
    expect(lines[1]).toBe(`T0000,ISO14443,Accepted,${ALICE},,,,2026-01-31T12:00:00.000Z`);
    const pages = api.calls('GET', '/api/v1/id-tokens').filter((r) => r.query.get('limit') === '500');
    expect(pages.map((r) => r.query.get('offset'))).toEqual(['0', '500']);
    expect(pages.every((r) => r.query.get('status') === 'Accepted')).toBe(true);
    download.mockRestore();
  });
});
