import { act, screen, waitFor } from '@testing-library/react';
import { FakeApi, Reply } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';

function overview(online: number, running: number) {
  return {
    at: '2026-12-07T10:00:00.000Z',
    timeZone: 'UTC',
    stations: { total: 3, online, offline: 3 - online, faulted: 1 },
    connectors: { total: 6, byStatus: { Available: 4, Charging: running, Faulted: 1 } },
    sessions: { running, startedToday: 5 },
    today: {
      start: '2026-12-07T00:00:00.000Z',
      end: '2026-12-08T00:00:00.000Z',
      energyWh: '12345',
      revenue: [{ currency: 'EUR', exclTax: '3.63', inclTax: '4.32' }],
    },
  };
}

describe('the network overview', () => {
  it('shows stations, connectors, sessions, energy and revenue of today', async () => {
    const api = new FakeApi().on('GET', '/api/v1/reports/overview', overview(2, 1));
    renderConsole('/', api);
    expect(await screen.findByTestId('stations-online')).toHaveProperty('textContent', '2');
    expect(screen.getByTestId('stations-offline').textContent).toBe('1');
    expect(screen.getByTestId('stations-faulted').textContent).toBe('1');
    expect(screen.getByTestId('sessions-running').textContent).toBe('1');
    expect(screen.getByTestId('energy-today').textContent).toBe('12.35 kWh');
    expect(screen.getByTestId('revenue-today').textContent).toMatch(/4\.32/);
    expect(screen.getByTestId('connectors-by-status').textContent).toMatch(/Available4.*Charging1.*Faulted1/i);
    // the time zone of "today" is the browser's
    expect(api.calls('GET', '/api/v1/reports/overview')[0].query.get('tz')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('follows the live events: a station coming online is read again without a reload, and listed', async () => {
    let online = 1;
    const api = new FakeApi().on('GET', '/api/v1/reports/overview', () => overview(online, 0));
    renderConsole('/', api);
    expect((await screen.findByTestId('stations-online')).textContent).toBe('1');
    await waitFor(() => expect(screen.getByTestId('live-state').dataset.state).toBe('live'));
    // the stream carries the key in a header, never in the URL
    const stream = api.calls('GET', '/api/v1/events')[0];
    expect(stream.headers.get('x-api-key')).toBe('vl_0123456789ab_test-key');
    expect(stream.query.toString()).toBe('');
    online = 2;
    act(() => api.emit('station.connection', { stationId: 'CP-NEW', type: 'Connected', at: '2026-12-07T10:00:01.000Z' }));
    await waitFor(() => expect(screen.getByTestId('stations-online').textContent).toBe('2'), { timeout: 3_000 });
    expect(screen.getByTestId('live-feed').textContent).toContain('CP-NEW');
    expect(screen.getByTestId('live-feed').textContent).toContain('connected');
  });

  it('says what went wrong when the API refuses', async () => {
    const api = new FakeApi().on(
      'GET',
      '/api/v1/reports/overview',
      new Reply(403, { title: 'Forbidden', detail: 'This API key has scope "none"' }),
    );
    renderConsole('/', api);
    expect((await screen.findByRole('alert')).textContent).toContain('This API key has scope "none"');
  });
});
