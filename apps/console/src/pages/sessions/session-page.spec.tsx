import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { FakeApi, Reply } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import { cdrItem } from '../cdrs/cdr-fixtures';
import { energySample, runningCost, SESSION_ID, sessionDetail, type SessionDetail } from './session-fixtures';

const BASE = `/api/v1/sessions/${SESSION_ID}`;

/** The answers of an active session's page; `session` is read at each request. */
function sessionApi(scope: 'admin' | 'write' | 'read', session: () => SessionDetail = () => sessionDetail()): FakeApi {
  return new FakeApi(scope)
    .on('GET', BASE, () => session())
    .on('GET', `${BASE}/energy`, {
      stationId: 'CP-1',
      transactionRef: 'tx-1',
      startWh: '1000',
      startedAt: '2026-12-07T10:00:00.000Z',
      endWh: '13345',
      endedAt: '2026-12-07T10:30:00.000Z',
      energyWh: '12345',
    })
    .on('GET', `${BASE}/meter-samples`, {
      items: [
        energySample('2026-12-07T10:00:00.000Z', '1000'),
        energySample('2026-12-07T10:15:00.000Z', '5000'),
        // a phase reading and an invalid one are not the total register
        energySample('2026-12-07T10:15:00.000Z', '1700', { phase: 'L1' }),
        energySample('2026-12-07T10:20:00.000Z', '99999', { invalid: 'NotADecimal' }),
        energySample('2026-12-07T10:30:00.000Z', '13345'),
      ],
      total: 5,
      limit: 500,
      offset: 0,
    })
    .on('GET', `${BASE}/cost`, runningCost());
}

const rowsOf = (testId: string): string[][] =>
  [...screen.getByTestId(testId).querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
  );

describe('the session page', () => {
  // Recharts measures its container, which has no size in jsdom: the chart's data is asserted as the readings table.
  let warn: jest.SpyInstance;
  beforeEach(() => {
    const original = console.warn.bind(console);
    warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('of chart should be greater than 0')) return;
      original(...args);
    });
  });
  afterEach(() => warn.mockRestore());

  it('shows an active session: status, energy, station, energy over time and its cost so far', async () => {
    const api = sessionApi('read');
    renderConsole(`/sessions/${SESSION_ID}`, api);
    expect((await screen.findByTestId('session-energy')).textContent).toBe('12.35 kWh');
    expect(screen.getByTestId('session-status').querySelector('[data-status]')?.getAttribute('data-status')).toBe('Active');
    expect(screen.getByRole('link', { name: 'CP-1' }).getAttribute('href')).toBe('/stations/CP-1');
    // the energy register readings: one per time, the total only, delivered since the first
    await waitFor(() => expect(screen.getByTestId('energy-readings')).toBeTruthy());
    expect(rowsOf('energy-readings').map((row) => row.slice(1))).toEqual([
      ['1.000 kWh', '0.000 kWh'],
      ['5.000 kWh', '4.000 kWh'],
      ['13.345 kWh', '12.345 kWh'],
    ]);
    expect(screen.getByTestId('energy-register').textContent).toBe('Register 1.000 kWh → 13.345 kWh: 12.345 kWh');
    const samples = api.calls('GET', `${BASE}/meter-samples`)[0].query;
    expect(samples.get('measurand')).toBe('Energy.Active.Import.Register');
    expect(samples.get('limit')).toBe('500');
    // the running cost
    expect((await screen.findByTestId('session-cost')).textContent).toMatch(/5\.14/);
    expect(rowsOf('cost-lines')[0]).toEqual(['Energy', 'base', '12.345 kWh', '0.35 EUR / kWh', expect.stringMatching(/4\.32/)]);
    expect(screen.getByRole('link', { name: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60 v3' }).getAttribute('href')).toBe(
      '/tariffs/5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60',
    );
    expect(rowsOf('session-periods')[0][0]).toBe('Charging');
    // a read key is offered no stop
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });

  it('stops an active session for a write key and shows what the station answered', async () => {
    let status: 'Active' | 'Ended' = 'Active';
    const api = sessionApi('write', () =>
      sessionDetail(status === 'Active' ? {} : { status, endedAt: '2026-12-07T10:31:00.000Z', stoppedReason: 'Remote' }),
    )
      .on('POST', `${BASE}/stop`, () => {
        status = 'Ended';
        return { protocol: 'ocpp2.0.1', result: { status: 'Accepted' } };
      })
      .on('GET', '/api/v1/cdrs', { items: [], total: 0, limit: 500, offset: 0 });
    renderConsole(`/sessions/${SESSION_ID}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    expect((await screen.findByTestId('command-answer')).textContent).toContain('"status": "Accepted"');
    expect(api.calls('POST', `${BASE}/stop`)).toHaveLength(1);
    // the session is read again: ended, no more Stop
    await waitFor(() =>
      expect(screen.getByTestId('session-status').querySelector('[data-status]')?.getAttribute('data-status')).toBe('Ended'),
    );
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(await screen.findByTestId('session-cdr-missing')).toBeTruthy();
  });

  it('says why a stop was refused', async () => {
    const api = sessionApi('admin').on(
      'POST',
      `${BASE}/stop`,
      new Reply(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Station CP-1 is not connected' }),
    );
    renderConsole(`/sessions/${SESSION_ID}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    expect((await screen.findByTestId('command-error')).textContent).toContain('Station CP-1 is not connected');
  });

  it('links an ended session to its CDR, asked for by the session id', async () => {
    const ended = sessionDetail({ status: 'Ended', endedAt: '2026-12-07T11:00:00.000Z', meterStopWh: 13345 });
    const api = sessionApi('admin', () => ended).on('GET', '/api/v1/cdrs', {
      items: [cdrItem({ sessionId: SESSION_ID, stationId: 'CP-1', totalInclTax: { amount: '5.74', currency: 'EUR' } })],
      total: 1,
      limit: 1,
      offset: 0,
    });
    renderConsole(`/sessions/${SESSION_ID}`, api);
    const link = await screen.findByTestId('session-cdr-link');
    expect(link.getAttribute('href')).toBe('/cdrs/b1291e03-4a4c-5381-9f70-d01c539697f1');
    expect(screen.getByTestId('session-cost').textContent).toMatch(/5\.74/);
    const query = api.calls('GET', '/api/v1/cdrs')[0].query;
    expect(query.get('sessionId')).toBe(SESSION_ID);
    // an ended session has no running cost to read, and no stop
    expect(api.calls('GET', `${BASE}/cost`)).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });

  it('says when no tariff prices a running session', async () => {
    const api = sessionApi('read').on(
      'GET',
      `${BASE}/cost`,
      new Reply(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'No tariff applies' }),
    );
    renderConsole(`/sessions/${SESSION_ID}`, api);
    expect((await screen.findByTestId('session-cost-missing')).textContent).toBe('No tariff applies to this session: it has no price.');
  });

  it('follows the session live: its events read it again', async () => {
    // an ended session is not polled: only the event can make it read again
    let energyWh = 12345;
    const api = sessionApi('read', () => sessionDetail({ status: 'Ended', endedAt: '2026-12-07T11:00:00.000Z', energyWh })).on(
      'GET',
      '/api/v1/cdrs',
      { items: [], total: 0, limit: 500, offset: 0 },
    );
    renderConsole(`/sessions/${SESSION_ID}`, api);
    expect((await screen.findByTestId('session-energy')).textContent).toBe('12.35 kWh');
    await waitFor(() => expect(screen.getByTestId('live-state').dataset.state).toBe('live'));
    energyWh = 20000;
    act(() => api.emit('session', { sessionId: SESSION_ID, stationId: 'CP-1', type: 'Ended', energyWh, at: '2026-12-07T11:00:00.000Z' }));
    await waitFor(() => expect(screen.getByTestId('session-energy').textContent).toBe('20.00 kWh'), { timeout: 3_000 });
  });

  it('shows the CDR of an ended session as soon as billing issues it', async () => {
    let cdrs = [] as ReturnType<typeof cdrItem>[];
    const api = sessionApi('read', () => sessionDetail({ status: 'Ended', endedAt: '2026-12-07T11:00:00.000Z' })).on(
      'GET',
      '/api/v1/cdrs',
      () => ({ items: cdrs, total: cdrs.length, limit: 500, offset: 0 }),
    );
    renderConsole(`/sessions/${SESSION_ID}`, api);
    expect((await screen.findByTestId('session-cdr-missing')).textContent).toContain('No CDR yet');
    await waitFor(() => expect(screen.getByTestId('live-state').dataset.state).toBe('live'));
    cdrs = [cdrItem({ sessionId: SESSION_ID, stationId: 'CP-1' })];
    act(() =>
      api.emit('cdr', {
        cdrId: 'b1291e03-4a4c-5381-9f70-d01c539697f1',
        sessionId: SESSION_ID,
        stationId: 'CP-1',
        currency: 'EUR',
        totalExclTax: '4.82',
        totalInclTax: '5.74',
        energyWh: 12345,
      }),
    );
    expect((await screen.findByTestId('session-cdr-link', {}, { timeout: 3_000 })).getAttribute('href')).toBe(
      '/cdrs/b1291e03-4a4c-5381-9f70-d01c539697f1',
    );
  });

  it('reads an active session again every 5 seconds', async () => {
    let energyWh = 12345;
    const api = sessionApi('read', () => sessionDetail({ energyWh }));
    renderConsole(`/sessions/${SESSION_ID}`, api);
    expect((await screen.findByTestId('session-energy')).textContent).toBe('12.35 kWh');
    await waitFor(() => expect(screen.getByTestId('live-state').dataset.state).toBe('live'));
    const reads = api.calls('GET', BASE).length;
    energyWh = 15000;
    await waitFor(() => expect(screen.getByTestId('session-energy').textContent).toBe('15.00 kWh'), { timeout: 7_000 });
    expect(api.calls('GET', BASE).length).toBeGreaterThan(reads);
  }, 10_000);

  it('says when there is no such session', async () => {
    const api = new FakeApi().on(
      'GET',
      BASE,
      new Reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: `No session ${SESSION_ID}` }),
    );
    renderConsole(`/sessions/${SESSION_ID}`, api);
    expect((await screen.findByRole('alert')).textContent).toContain(`No session ${SESSION_ID}`);
  });
});
