import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, Reply, pageOf, type RecordedRequest } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Figures {
  sessions?: number;
  energyKwh?: number;
  chargingSeconds?: number;
  utilisationPercent?: number | null;
  uptimePercent?: number | null;
  onlinePercent?: number | null;
  faults?: { errorCode: string; count: number }[];
  revenue?: { currency: string; totalExclTax: string; totalInclTax: string }[];
}

/** One day bucket of a report answer, as docs/openapi.json declares it. */
function bucket(day: string, figures: Figures = {}) {
  const start = new Date(`${day}T00:00:00.000Z`);
  const end = new Date(start.getTime() + 86_400_000);
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    startLocal: `${day}T00:00:00.000+00:00`,
    endLocal: `${end.toISOString().slice(0, 10)}T00:00:00.000+00:00`,
    sessions: figures.sessions ?? 0,
    energyKwh: figures.energyKwh ?? 0,
    sessionSeconds: 0,
    chargingSeconds: figures.chargingSeconds ?? 0,
    idleSeconds: 0,
    occupiedSeconds: 0,
    utilisationPercent: figures.utilisationPercent === undefined ? 10 : figures.utilisationPercent,
    uptimePercent: figures.uptimePercent === undefined ? 100 : figures.uptimePercent,
    onlinePercent: figures.onlinePercent === undefined ? 100 : figures.onlinePercent,
    faults: figures.faults ?? [],
    revenue: figures.revenue ?? [],
  };
}

const WEEK_BUCKETS = [
  bucket('2026-11-09', {
    sessions: 3,
    energyKwh: 12.5,
    chargingSeconds: 3600,
    utilisationPercent: 20,
    uptimePercent: 99,
    faults: [{ errorCode: 'GroundFailure', count: 1 }],
    revenue: [{ currency: 'EUR', totalExclTax: '3.63', totalInclTax: '4.32' }],
  }),
  bucket('2026-11-10', {
    sessions: 5,
    energyKwh: 30.25,
    chargingSeconds: 5400,
    utilisationPercent: 40,
    uptimePercent: 97,
    faults: [
      { errorCode: 'GroundFailure', count: 1 },
      { errorCode: 'OverCurrentFailure', count: 1 },
    ],
    revenue: [
      { currency: 'CHF', totalExclTax: '1.10', totalInclTax: '1.19' },
      { currency: 'EUR', totalExclTax: '8.41', totalInclTax: '10.01' },
    ],
  }),
];

function networkReport(request: RecordedRequest, buckets = WEEK_BUCKETS) {
  const ids = request.query.get('stationIds');
  return {
    from: '2026-11-09T00:00:00.000Z',
    to: '2026-11-16T00:00:00.000Z',
    bucket: request.query.get('bucket') ?? 'day',
    timeZone: request.query.get('tz') ?? 'UTC',
    stationIds: ids ? ids.split(',') : ['CP-1', 'CP-2', 'CP-3'],
    buckets,
  };
}

function stationsReport(request: RecordedRequest) {
  const items = [
    { stationId: 'CP-2', connectors: 2, buckets: [bucket('2026-11-09', { sessions: 1, energyKwh: 5, utilisationPercent: 5 })] },
    { stationId: 'CP-1', connectors: 2, buckets: [bucket('2026-11-09', { sessions: 6, energyKwh: 30, utilisationPercent: 50 })] },
    { stationId: 'CP-3', connectors: 1, buckets: [bucket('2026-11-09', { sessions: 1, energyKwh: 7.75, utilisationPercent: 15 })] },
  ];
  const ids = request.query.get('stationIds')?.split(',');
  return {
    from: '2026-11-09T00:00:00.000Z',
    to: '2026-11-16T00:00:00.000Z',
    bucket: request.query.get('bucket') ?? 'day',
    timeZone: request.query.get('tz') ?? 'UTC',
    items: ids ? items.filter((i) => ids.includes(i.stationId)) : items,
  };
}

function reportApi(scope: 'admin' | 'read' = 'admin'): FakeApi {
  return new FakeApi(scope)
    .on('GET', '/api/v1/reports/network', (r: RecordedRequest) => networkReport(r))
    .on('GET', '/api/v1/reports/stations', (r: RecordedRequest) => stationsReport(r));
}

/** from, to, bucket, tz and stationIds of a request. */
function range(request: RecordedRequest | undefined) {
  const q = request?.query;
  return { from: q?.get('from'), to: q?.get('to'), bucket: q?.get('bucket'), tz: q?.get('tz'), stationIds: q?.get('stationIds') ?? null };
}

function last(api: FakeApi, path: string | RegExp): RecordedRequest | undefined {
  return api.calls('GET', path).at(-1);
}

describe('the reports', () => {
  it('reports the network over a week in day buckets, in the browser zone: totals, per-day figures and stations ranked', async () => {
    const api = reportApi();
    renderConsole('/reports?period=week&date=2026-11-11', api);
    expect((await screen.findByTestId('report-energy-total')).textContent).toBe('42.75 kWh');
    expect(range(api.calls('GET', '/api/v1/reports/network')[0])).toEqual({
      from: '2026-11-09',
      to: '2026-11-16',
      bucket: 'day',
      tz: TZ,
      stationIds: null,
    });
    expect(screen.getByTestId('report-period-label').textContent).toMatch(/Week of/);
    expect(screen.getByTestId('report-sessions-total').textContent).toBe('8');
    expect(screen.getByTestId('report-charging-total').textContent).toBe('2.5 h');
    // both days lie wholly in the past: a plain mean of the two
    expect(screen.getByTestId('report-utilisation-average').textContent).toBe('30.0 %');
    expect(screen.getByTestId('report-uptime-average').textContent).toBe('98.0 %');
    expect(screen.getByTestId('report-online-average').textContent).toBe('100.0 %');
    expect(screen.getByTestId('report-faults-total').textContent).toBe('3');
    expect(screen.getByTestId('report-totals').textContent).toContain('GroundFailure 2, OverCurrentFailure 1');
    // revenue per currency, exact decimal sums
    expect(screen.getByTestId('report-revenue-total-EUR').textContent).toMatch(/14\.33/);
    expect(screen.getByTestId('report-revenue-total-CHF').textContent).toMatch(/1\.19/);
    expect(screen.getByTestId('report-totals').textContent).toMatch(/excl\. tax .*12\.04/);
    expect(screen.getByTestId('report-scope-summary').textContent).toMatch(/3 stations · 2 buckets/);

    const days = within(screen.getByTestId('report-buckets')).getAllByRole('row').slice(1);
    expect(days.map((row) => row.dataset.bucket)).toEqual(['2026-11-09', '2026-11-10']);
    expect(days[1].textContent).toContain('30.25 kWh');
    expect(days[1].textContent).toContain('40.0 %');

    // the ranking asks for the whole week in one bucket per station, and ranks by energy
    const ranking = await screen.findByTestId('report-ranking');
    expect(range(last(api, '/api/v1/reports/stations'))).toEqual({ from: '2026-11-09', to: '2026-11-16', bucket: 'week', tz: TZ, stationIds: null });
    const rows = within(ranking).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.dataset.station)).toEqual(['CP-1', 'CP-3', 'CP-2']);
    expect(rows[0].textContent).toContain('30.00 kWh');
    expect(within(rows[0]).getByRole('link', { name: 'CP-1' }).getAttribute('href')).toBe(
      '/reports?scope=station&station=CP-1&period=week&date=2026-11-09',
    );
    // ranked by sessions or utilisation instead
    fireEvent.change(screen.getByLabelText('Rank by'), { target: { value: 'utilisation' } });
    expect(
      within(screen.getByTestId('report-ranking'))
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.dataset.station),
    ).toEqual(['CP-1', 'CP-3', 'CP-2']);
    fireEvent.change(screen.getByLabelText('Rank by'), { target: { value: 'faults' } });
    expect(
      within(screen.getByTestId('report-ranking'))
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.dataset.station),
    ).toEqual(['CP-1', 'CP-2', 'CP-3']);
  });

  it('asks for the day, month and year of the chosen date, with a bucket that fits, and pages back and forth', async () => {
    const api = reportApi();
    renderConsole('/reports?date=2026-11-11', api);
    await screen.findByTestId('report-energy-total');
    // a week by default
    expect(range(last(api, '/api/v1/reports/network'))).toMatchObject({ from: '2026-11-09', to: '2026-11-16', bucket: 'day' });

    fireEvent.click(screen.getByRole('radio', { name: 'Day' }));
    await waitFor(() =>
      expect(range(last(api, '/api/v1/reports/network'))).toEqual({ from: '2026-11-11', to: '2026-11-12', bucket: 'day', tz: TZ, stationIds: null }),
    );
    await waitFor(() => expect(range(last(api, '/api/v1/reports/stations'))).toMatchObject({ from: '2026-11-11', bucket: 'day' }));

    fireEvent.click(screen.getByRole('radio', { name: 'Month' }));
    await waitFor(() =>
      expect(range(last(api, '/api/v1/reports/network'))).toEqual({ from: '2026-11-01', to: '2026-12-01', bucket: 'day', tz: TZ, stationIds: null }),
    );
    await waitFor(() => expect(range(last(api, '/api/v1/reports/stations'))).toMatchObject({ from: '2026-11-01', bucket: 'month' }));
    expect(screen.getByTestId('report-period-label').textContent).toMatch(/November 2026/);

    fireEvent.click(screen.getByRole('button', { name: '‹ Previous' }));
    await waitFor(() => expect(range(last(api, '/api/v1/reports/network'))).toMatchObject({ from: '2026-10-01', to: '2026-11-01' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next ›' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next ›' }));
    await waitFor(() => expect(range(last(api, '/api/v1/reports/network'))).toMatchObject({ from: '2026-12-01', to: '2027-01-01' }));

    fireEvent.click(screen.getByRole('radio', { name: 'Year' }));
    await waitFor(() =>
      expect(range(last(api, '/api/v1/reports/network'))).toEqual({ from: '2026-01-01', to: '2027-01-01', bucket: 'month', tz: TZ, stationIds: null }),
    );

    fireEvent.click(screen.getByRole('radio', { name: 'Week' }));
    fireEvent.change(screen.getByLabelText('Go to date'), { target: { value: '2026-02-26' } });
    await waitFor(() =>
      // Thursday 26 Feb 2026: the ISO week from Monday 23 Feb
      expect(range(last(api, '/api/v1/reports/network'))).toEqual({ from: '2026-02-23', to: '2026-03-02', bucket: 'day', tz: TZ, stationIds: null }),
    );
  });

  it('starts on the current week of the browser zone, and cannot page into the future', async () => {
    const api = reportApi();
    renderConsole('/reports', api);
    await screen.findByTestId('report-energy-total');
    const now = new Date();
    const monday = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7)));
    const sunday = new Date(monday.getTime() + 7 * 86_400_000);
    expect(range(api.calls('GET', '/api/v1/reports/network')[0])).toEqual({
      from: monday.toISOString().slice(0, 10),
      to: sunday.toISOString().slice(0, 10),
      bucket: 'day',
      tz: TZ,
      stationIds: null,
    });
    expect(screen.getByRole('button', { name: 'Next ›' })).toHaveProperty('disabled', true);
  });

  it('reports one station from its own endpoint, without a ranking', async () => {
    const api = new FakeApi('read').on('GET', '/api/v1/reports/stations/CP-1', (r: RecordedRequest) => ({
      ...networkReport(r, [bucket('2026-11-01', { sessions: 2, energyKwh: 11.111 }), bucket('2026-11-02', { sessions: 1, energyKwh: 0.5 })]),
      stationIds: undefined,
      stationId: 'CP-1',
      connectors: 2,
    }));
    api.on('GET', '/api/v1/stations', pageOf([{ id: 'CP-1' }]));
    renderConsole('/reports?scope=station&station=CP-1&period=month&date=2026-11-20', api);
    expect((await screen.findByTestId('report-energy-total')).textContent).toBe('11.61 kWh');
    expect(range(api.calls('GET', '/api/v1/reports/stations/CP-1')[0])).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
      bucket: 'day',
      tz: TZ,
      stationIds: null,
    });
    expect(screen.getByTestId('report-sessions-total').textContent).toBe('3');
    expect(screen.getByTestId('report-revenue-total').textContent).toBe('—');
    expect(screen.getByTestId('report-scope-summary').textContent).toMatch(/Station CP-1/);
    expect(api.calls('GET', '/api/v1/reports/stations')).toHaveLength(0);
    expect(api.calls('GET', '/api/v1/reports/network')).toHaveLength(0);
    expect(screen.queryByTestId('report-ranking')).toBeNull();
  });

  it('finds a station by its id prefix and reports it', async () => {
    const api = reportApi();
    api.on('GET', '/api/v1/stations', (r: RecordedRequest) =>
      pageOf([{ id: 'CP-7' }, { id: 'CP-70' }, { id: 'AB-1' }].filter((s) => s.id.startsWith(r.query.get('search') ?? ''))),
    );
    api.on('GET', '/api/v1/reports/stations/CP-70', (r: RecordedRequest) => ({
      ...networkReport(r, [bucket('2026-11-11', { energyKwh: 4 })]),
      stationIds: undefined,
      stationId: 'CP-70',
      connectors: 1,
    }));
    renderConsole('/reports?period=day&date=2026-11-11', api);
    await screen.findByTestId('report-energy-total');
    fireEvent.click(screen.getByRole('radio', { name: 'Station' }));
    expect(await screen.findByText('Choose a station to report on.')).toBeTruthy();
    const input = screen.getByPlaceholderText('Station id…');
    // typed, not autofilled: the input has the focus
    act(() => input.focus());
    fireEvent.change(input, { target: { value: 'CP-7' } });
    await waitFor(() => expect(api.calls('GET', '/api/v1/stations').some((c) => c.query.get('search') === 'CP-7')).toBe(true));
    // (the dropdown's transition never ends in jsdom: its options count as hidden)
    await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['CP-7', 'CP-70']));
    fireEvent.click(screen.getByRole('option', { name: 'CP-70', hidden: true }));
    await waitFor(() => expect(screen.getByTestId('report-energy-total').textContent).toBe('4.00 kWh'));
    expect(range(api.calls('GET', '/api/v1/reports/stations/CP-70')[0])).toMatchObject({ from: '2026-11-11', to: '2026-11-12', bucket: 'day' });
  });

  it("reports a site as the group of its tree's stations", async () => {
    const api = reportApi()
      .on(
        'GET',
        '/api/v1/energy/sites',
        pageOf([
          { ...SITE, siteId: 'depot', name: 'Depot' },
          { ...SITE, siteId: 'empty', name: 'Empty' },
        ]),
      )
      .on('GET', '/api/v1/energy/sites/depot/nodes', [
        node('grid', null, 'grid'),
        node('c1', 'grid', 'circuit'),
        node('st-1', 'c1', 'station', 'CP-1'),
        node('st-1-e1', 'st-1', 'evse', 'CP-1'),
        node('st-3', 'grid', 'station', 'CP-3'),
      ])
      .on('GET', '/api/v1/energy/sites/empty/nodes', [node('grid', null, 'grid')]);
    renderConsole('/reports?scope=site&period=week&date=2026-11-11', api);
    expect(await screen.findByText('Choose a site to report on its stations.')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Site' }), { target: { value: 'depot' } });
    await screen.findByTestId('report-energy-total');
    expect(screen.getByTestId('report-site-stations').textContent).toBe('2 stations: CP-1, CP-3');
    expect(range(last(api, '/api/v1/reports/network'))).toEqual({
      from: '2026-11-09',
      to: '2026-11-16',
      bucket: 'day',
      tz: TZ,
      stationIds: 'CP-1,CP-3',
    });
    const ranking = await screen.findByTestId('report-ranking');
    expect(range(last(api, '/api/v1/reports/stations'))).toMatchObject({ bucket: 'week', stationIds: 'CP-1,CP-3' });
    expect(
      within(ranking)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.dataset.station),
    ).toEqual(['CP-1', 'CP-3']);

    // a site without stations: no request at all (an empty group would be the whole network)
    const before = api.requests.length;
    fireEvent.change(screen.getByRole('combobox', { name: 'Site' }), { target: { value: 'empty' } });
    expect(await screen.findByText(/has no station in its tree yet/)).toBeTruthy();
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(api.requests.slice(before).filter((r) => r.path.startsWith('/api/v1/reports'))).toEqual([]);
  });

  it('downloads the report as the API’s CSV', async () => {
    const api = reportApi().on('GET', '/api/v1/reports/network', (r: RecordedRequest) =>
      r.query.get('format') === 'csv' ? 'start,end\r\n' : networkReport(r),
    );
    const downloads: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    try {
      renderConsole('/reports?period=week&date=2026-11-11', api);
      await screen.findByTestId('report-energy-total');
      fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
      await waitFor(() => expect(downloads).toEqual(['report-network-2026-11-09-2026-11-16.csv']));
      const csv = api.calls('GET', '/api/v1/reports/network').filter((c) => c.query.get('format') === 'csv');
      expect(csv).toHaveLength(1);
      expect(range(csv[0])).toEqual({ from: '2026-11-09', to: '2026-11-16', bucket: 'day', tz: TZ, stationIds: null });
    } finally {
      click.mockRestore();
    }
  });

  it('says what went wrong when the API refuses', async () => {
    const api = reportApi().on(
      'GET',
      '/api/v1/reports/network',
      new Reply(400, { title: 'Bad Request', detail: 'Invalid query: too many buckets (at most 400)' }),
    );
    renderConsole('/reports?period=week&date=2026-11-11', api);
    expect((await screen.findAllByRole('alert'))[0].textContent).toContain('too many buckets');
  });
});

const SITE = {
  safetyMarginPct: 0,
  voltageV: 230,
  replanDueAt: null,
  replanReasons: [],
  plannedAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

function node(nodeId: string, parentId: string | null, kind: 'grid' | 'circuit' | 'station' | 'evse', stationId: string | null = null) {
  return {
    siteId: 'depot',
    nodeId,
    parentId,
    kind,
    name: null,
    limitA: null,
    limitKw: null,
    unmanagedA: [0, 0, 0],
    stationId,
    dc: false,
    measuredLoad: null,
  };
}
