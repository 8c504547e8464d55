import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import { captureDownloads, type CapturedDownloads } from '../../testing/captured-downloads';
import { uuidOf } from '../sessions/session-fixtures';
import { CDR_ID, CDR_SESSION_ID, cdrItem } from './cdr-fixtures';

const CSV_HEADER =
  'cdrId,sessionId,stationId,protocol,transactionRef,connectorId,evseId,idTokenKey,customerId,customerGroup,startedAt,endedAt,' +
  'meterStartWh,meterStopWh,energyWh,chargingSeconds,idleSeconds,stoppedReason,tariffId,tariffVersion,tariffName,tariffAssignment,' +
  'taxRatePercent,currency,subtotal,tax,totalExclTax,totalInclTax,anomalous,anomalies,issuedAt\r\n';

/**
 * The fake API answers JSON only: `api` made to serve GET /api/v1/cdrs.csv as text/csv (the string
 * its route answers), as the billing-service does.
 */
function servingCsv(api: FakeApi): FakeApi {
  const jsonFetch = api.fetch;
  const csvFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://console.test');
    const response = await jsonFetch(input, init);
    if (!url.pathname.endsWith('.csv') || !response.ok) return response;
    return new Response((await response.json()) as string, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  };
  return Object.defineProperty(api, 'fetch', { value: csvFetch });
}

const lastList = (api: FakeApi): URLSearchParams => api.calls('GET', '/api/v1/cdrs').at(-1)!.query;

describe('the CDRs page', () => {
  let downloads: CapturedDownloads;
  beforeEach(() => {
    downloads = captureDownloads();
  });
  afterEach(() => downloads.restore());

  it('lists the CDRs of the answer, linked to themselves, their session and station', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/cdrs', {
      items: [
        cdrItem(),
        cdrItem({
          cdrId: uuidOf(1),
          sessionId: uuidOf(2),
          stationId: 'CS-2',
          customerId: null,
          anomalous: true,
          anomalies: ['METER_WENT_BACKWARDS'],
          energyWh: 500,
          totalExclTax: { amount: '0.18', currency: 'EUR' },
          totalInclTax: { amount: '0.21', currency: 'EUR' },
        }),
      ],
      total: 2,
      limit: 25,
      offset: 0,
    });
    renderConsole('/cdrs', api);
    const table = await screen.findByTestId('cdrs-table');
    expect([...table.querySelectorAll('tbody tr')].map((tr) => [tr.getAttribute('data-cdr'), tr.getAttribute('data-session')])).toEqual([
      [CDR_ID, CDR_SESSION_ID],
      [uuidOf(1), uuidOf(2)],
    ]);
    const first = table.querySelector(`[data-cdr="${CDR_ID}"]`) as HTMLElement;
    expect(
      within(first)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual([`/cdrs/${CDR_ID}`, '/stations/CS-1', `/sessions/${CDR_SESSION_ID}`, '/customers/cust-7']);
    expect(first.textContent).toContain('12.35 kWh');
    expect(first.textContent).toMatch(/4\.82.*5\.74/);
    const second = table.querySelector(`[data-cdr="${uuidOf(1)}"]`) as HTMLElement;
    expect(second.textContent).toContain('METER_WENT_BACKWARDS');
    expect(second.textContent).toMatch(/0\.18.*0\.21/);
    expect(screen.getByTestId('list-total').textContent).toBe('2 in all');
    expect(lastList(api).get('limit')).toBe('25');
  });

  it('sends its filters as query parameters and pages', async () => {
    const all = Array.from({ length: 30 }, (_, i) => cdrItem({ cdrId: uuidOf(i), sessionId: uuidOf(100 + i) }));
    const api = new FakeApi().on('GET', '/api/v1/cdrs', (request: RecordedRequest) => {
      const limit = Number(request.query.get('limit'));
      const offset = Number(request.query.get('offset'));
      return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
    });
    renderConsole('/cdrs', api);
    await screen.findByTestId('cdrs-table');
    fireEvent.click(screen.getByRole('button', { name: '2' }));
    await waitFor(() => expect(lastList(api).get('offset')).toBe('25'));

    fireEvent.change(screen.getByLabelText('Station id'), { target: { value: 'CS-1' } });
    fireEvent.change(screen.getByLabelText('Customer id'), { target: { value: 'cust-7' } });
    fireEvent.change(screen.getByLabelText('Ended from'), { target: { value: '2024-01-01' } });
    fireEvent.change(screen.getByLabelText('Ended until (incl.)'), { target: { value: '2024-01-31' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Without anomalies' }));
    await waitFor(() => expect(lastList(api).get('anomalous')).toBe('false'));
    const query = lastList(api);
    expect(query.get('stationId')).toBe('CS-1');
    expect(query.get('customerId')).toBe('cust-7');
    expect(query.get('endedFrom')).toBe(new Date(2024, 0, 1).toISOString());
    expect(query.get('endedTo')).toBe(new Date(2024, 1, 1).toISOString());
    // a new filter starts at the first page
    expect(query.get('offset')).toBe('0');
    fireEvent.click(screen.getByRole('radio', { name: 'With anomalies' }));
    await waitFor(() => expect(lastList(api).get('anomalous')).toBe('true'));
  });

  it('exports the CSV of the server with the same filters, sending the key in X-API-Key', async () => {
    const csv = `${CSV_HEADER}${CDR_ID},${CDR_SESSION_ID},CS-1,ocpp2.0.1,tx-1,1,1,ISO14443:AABBCCDD,cust-7,,2024-01-15T10:00:00.000Z,2024-01-15T11:00:00.000Z,1000,13345,12345,3000,600,Local,5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60,1,Default,default,19,EUR,4.82,0.92,4.82,5.74,false,,2024-01-15T11:00:01.000Z\r\n`;
    const api = servingCsv(new FakeApi('read'))
      .on('GET', '/api/v1/cdrs', { items: [cdrItem()], total: 1, limit: 25, offset: 0 })
      .on('GET', '/api/v1/cdrs.csv', csv);
    renderConsole('/cdrs?stationId=CS-1&anomalous=false', api);
    await screen.findByTestId('cdrs-table');
    fireEvent.change(screen.getByLabelText('Customer id'), { target: { value: 'cust-7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(downloads.names).toHaveLength(1));
    const [request] = api.calls('GET', '/api/v1/cdrs.csv');
    expect(Object.fromEntries(request.query)).toEqual({ stationId: 'CS-1', customerId: 'cust-7', anomalous: 'false' });
    expect(request.headers.get('x-api-key')).toBe('vl_0123456789ab_test-key');
    expect(downloads.names[0]).toMatch(/^cdrs-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await downloads.texts()).toEqual([csv]);
  });

  it('says why the CSV export failed', async () => {
    const api = servingCsv(new FakeApi())
      .on('GET', '/api/v1/cdrs', { items: [], total: 0, limit: 25, offset: 0 })
      .on(
        'GET',
        '/api/v1/cdrs.csv',
        new Reply(400, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'endedFrom must be a date-time' }),
      );
    renderConsole('/cdrs', api);
    expect(await screen.findByText('No CDR matches.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByRole('alert')).textContent).toContain('endedFrom must be a date-time');
    expect(downloads.names).toEqual([]);
  });
});
