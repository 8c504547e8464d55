import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import { captureDownloads, type CapturedDownloads } from '../../testing/captured-downloads';
import { sessionItem, uuidOf, type SessionItem } from './session-fixtures';

/** GET /api/v1/sessions over `all`, paged by the request's limit and offset as the API does. */
function pagedSessions(all: SessionItem[]) {
  return (request: RecordedRequest) => {
    const limit = Number(request.query.get('limit') ?? 50);
    const offset = Number(request.query.get('offset') ?? 0);
    return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
  };
}

function manySessions(count: number): SessionItem[] {
  return Array.from({ length: count }, (_, i) =>
    sessionItem({
      id: uuidOf(i),
      stationId: `CP-${i % 3}`,
      status: 'Ended',
      endedAt: '2026-12-07T11:00:00.000Z',
      energyWh: 1000 + i,
    }),
  );
}

const lastList = (api: FakeApi): URLSearchParams => api.calls('GET', '/api/v1/sessions').at(-1)!.query;

describe('the sessions page', () => {
  let downloads: CapturedDownloads;
  beforeEach(() => {
    downloads = captureDownloads();
  });
  afterEach(() => downloads.restore());

  it('lists the sessions of the answer, each linked to itself and to its station', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/sessions', {
      items: [
        sessionItem(),
        sessionItem({
          id: uuidOf(2),
          stationId: 'CP 2/B',
          status: 'Ended',
          endedAt: '2026-12-07T09:30:00.000Z',
          startedAt: '2026-12-07T09:00:00.000Z',
          energyWh: 4000,
          anomalies: [{ code: 'METER_WENT_BACKWARDS', detail: 'register 5 → 4' }],
        }),
      ],
      total: 2,
      limit: 25,
      offset: 0,
    });
    renderConsole('/sessions', api);
    const table = await screen.findByTestId('sessions-table');
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    const active = table.querySelector(`[data-session="${'0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19'}"]`) as HTMLElement;
    expect(
      within(active)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/sessions/0b8f5a52-2c1d-4f7e-9a3b-6d5e4c3b2a19', '/stations/CP-1']);
    expect(active.textContent).toContain('12.35 kWh');
    expect(active.querySelector('[data-status]')?.getAttribute('data-status')).toBe('Active');
    const ended = table.querySelector(`[data-session="${uuidOf(2)}"]`) as HTMLElement;
    expect(within(ended).getByRole('link', { name: 'CP 2/B' }).getAttribute('href')).toBe('/stations/CP%202%2FB');
    expect(ended.textContent).toContain('4.00 kWh');
    expect(ended.textContent).toContain('30 min');
    expect(ended.textContent).toContain('METER_WENT_BACKWARDS');
    expect(screen.getByTestId('list-total').textContent).toBe('2 in all');
    const sent = api.calls('GET', '/api/v1/sessions')[0].query;
    expect(sent.get('limit')).toBe('25');
    expect(sent.get('offset')).toBe('0');
  });

  it('sends its filters as query parameters', async () => {
    const api = new FakeApi().on('GET', '/api/v1/sessions', pagedSessions([]));
    renderConsole('/sessions', api);
    expect(await screen.findByText('No session matches.')).toBeTruthy();
    expect([...lastList(api).keys()].sort()).toEqual(['limit', 'offset']);

    fireEvent.change(screen.getByLabelText('Station id'), { target: { value: ' CP-7 ' } });
    fireEvent.change(screen.getByLabelText('Id token key'), { target: { value: 'ISO14443:AABBCCDD' } });
    fireEvent.change(screen.getByLabelText('Started from'), { target: { value: '2026-12-01' } });
    fireEvent.change(screen.getByLabelText('Started until (incl.)'), { target: { value: '2026-12-07' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Ended' }));
    fireEvent.click(screen.getByLabelText('Only sessions with anomalies'));

    await waitFor(() => expect(lastList(api).get('anomalies')).toBe('true'));
    const query = lastList(api);
    expect(query.get('stationId')).toBe('CP-7');
    expect(query.get('idTokenKey')).toBe('ISO14443:AABBCCDD');
    expect(query.get('status')).toBe('Ended');
    // days in the browser's zone: from the start of the first, to the end of the last
    expect(query.get('from')).toBe(new Date(2026, 11, 1).toISOString());
    expect(query.get('to')).toBe(new Date(2026, 11, 8).toISOString());
    expect(query.get('offset')).toBe('0');
  });

  it('takes filters from its URL', async () => {
    const api = new FakeApi().on('GET', '/api/v1/sessions', pagedSessions([]));
    renderConsole('/sessions?stationId=CP-9&status=Active', api);
    await waitFor(() => expect(api.calls('GET', '/api/v1/sessions').length).toBeGreaterThan(0));
    expect(lastList(api).get('stationId')).toBe('CP-9');
    expect(lastList(api).get('status')).toBe('Active');
    expect(screen.getByLabelText<HTMLInputElement>('Station id').value).toBe('CP-9');
  });

  it('pages with the Pager', async () => {
    const api = new FakeApi().on('GET', '/api/v1/sessions', pagedSessions(manySessions(60)));
    renderConsole('/sessions', api);
    expect((await screen.findByTestId('list-total')).textContent).toBe('60 in all');
    fireEvent.click(screen.getByRole('button', { name: '3' }));
    await waitFor(() => expect(lastList(api).get('offset')).toBe('50'));
    await waitFor(() => expect(screen.getByTestId('sessions-table').querySelectorAll('tbody tr')).toHaveLength(10));
    expect(screen.getByTestId('sessions-table').querySelector(`[data-session="${uuidOf(59)}"]`)).not.toBeNull();
  });

  it('exports every session of the current filter as CSV, reading all pages of 500', async () => {
    const all = manySessions(1203);
    all[0] = { ...all[0], idToken: '=cmd|evil', anomalies: [{ code: 'A1' }, { code: 'A2' }], stoppedReason: 'EVDisconnected, late' };
    const api = new FakeApi().on('GET', '/api/v1/sessions', pagedSessions(all));
    renderConsole('/sessions?status=Ended', api);
    await screen.findByTestId('sessions-table');
    const before = api.calls('GET', '/api/v1/sessions').length;
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByTestId('export-notice')).textContent).toBe('Exported 1203 sessions.');

    const reads = api.calls('GET', '/api/v1/sessions').slice(before);
    expect(reads.map((r) => [r.query.get('limit'), r.query.get('offset'), r.query.get('status')])).toEqual([
      ['500', '0', 'Ended'],
      ['500', '500', 'Ended'],
      ['500', '1000', 'Ended'],
    ]);
    const [csv] = await downloads.texts();
    expect(downloads.names[0]).toMatch(/^sessions-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 1203 + 1);
    expect(lines[0]).toBe(
      'id,stationId,protocol,transactionRef,transactionId,evseId,connectorId,idToken,idTokenType,idTokenKey,authStatus,status,' +
        'startedAt,endedAt,meterStartWh,meterStopWh,energyWh,chargingSeconds,idleSeconds,chargingState,stoppedReason,' +
        'reservationId,remoteStartId,offline,anomalies',
    );
    expect(lines[1]).toBe(
      `${uuidOf(0)},CP-0,ocpp2.0.1,tx-1,,1,1,'=cmd|evil,ISO14443,ISO14443:AABBCCDD,Accepted,Ended,` +
        '2026-12-07T10:00:00.000Z,2026-12-07T11:00:00.000Z,1000,,1000,1800,0,Charging,"EVDisconnected, late",,,false,A1 A2',
    );
    expect(lines[1203]).toContain(`${uuidOf(1202)},CP-2,`);
  });

  it('stops the export at 10,000 rows and says so', async () => {
    const api = new FakeApi().on('GET', '/api/v1/sessions', pagedSessions(manySessions(12_000)));
    renderConsole('/sessions', api);
    await screen.findByTestId('sessions-table');
    const before = api.calls('GET', '/api/v1/sessions').length;
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    const notice = await screen.findByTestId('export-notice', {}, { timeout: 5_000 });
    expect(notice.textContent).toContain('Exported the newest 10000 of 12000 sessions');
    expect(notice.textContent).toContain('stops at 10,000 rows');
    expect(api.calls('GET', '/api/v1/sessions').length - before).toBe(20);
    const [csv] = await downloads.texts();
    expect(csv.split('\r\n')).toHaveLength(1 + 10_000 + 1);
  });

  it('says why an export failed', async () => {
    // the export reads pages of 500; the list, pages of 25
    const api = new FakeApi().on('GET', '/api/v1/sessions', (request: RecordedRequest) =>
      request.query.get('limit') === '500'
        ? new Reply(503, { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'session-service is down' })
        : pagedSessions([sessionItem()])(request),
    );
    renderConsole('/sessions', api);
    await screen.findByTestId('sessions-table');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByRole('alert')).textContent).toContain('session-service is down');
    expect(screen.getByTestId('sessions-table').querySelectorAll('tbody tr')).toHaveLength(1);
    expect(await downloads.texts()).toEqual([]);
  });
});
