import { screen } from '@testing-library/react';
import { FakeApi, Reply } from '../../testing/fake-api';
import { renderConsole } from '../../testing/render-console';
import { CDR_ID, CDR_SESSION_ID, CDR_TARIFF, cdrItem } from './cdr-fixtures';

const rowsOf = (testId: string): string[][] =>
  [...screen.getByTestId(testId).querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
  );

describe('the CDR page', () => {
  it('shows the station, session, times, energy, totals with tax, tariff and price lines', async () => {
    // the record as billing.cdrs.v1 publishes it: the declared fields plus its tariff, connector and durations
    const api = new FakeApi('read').on('GET', `/api/v1/cdrs/${CDR_ID}`, {
      ...cdrItem({ anomalous: true, anomalies: ['METER_WENT_BACKWARDS'] }),
      tariff: CDR_TARIFF,
      connectorId: 1,
      evseId: 1,
      chargingSeconds: 3000,
      idleSeconds: 600,
      stoppedReason: 'Local',
    });
    renderConsole(`/cdrs/${CDR_ID}`, api);
    expect((await screen.findByTestId('cdr-station')).textContent).toBe('CS-1');
    expect(screen.getByRole('link', { name: 'CS-1' }).getAttribute('href')).toBe('/stations/CS-1');
    expect(screen.getByTestId('cdr-session-link').getAttribute('href')).toBe(`/sessions/${CDR_SESSION_ID}`);
    expect(screen.getByTestId('cdr-started').textContent).toBe(new Date('2024-01-15T10:00:00.000Z').toLocaleString());
    expect(screen.getByTestId('cdr-ended').textContent).toBe(new Date('2024-01-15T11:00:00.000Z').toLocaleString());
    expect(screen.getByTestId('cdr-energy').textContent).toBe('12.345 kWh');
    expect(screen.getByTestId('cdr-total-excl').textContent).toMatch(/4\.82/);
    expect(screen.getByTestId('cdr-total-excl').textContent).toMatch(/€|EUR/);
    expect(screen.getByTestId('cdr-tax').textContent).toMatch(/0\.92/);
    expect(screen.getByTestId('cdr-total-incl').textContent).toMatch(/5\.74/);
    expect(screen.getByText('Tax (19 %)')).toBeTruthy();
    expect(screen.getByTestId('cdr-anomalies').textContent).toBe('METER_WENT_BACKWARDS');
    const tariff = screen.getByTestId('cdr-tariff');
    expect(screen.getByRole('link', { name: 'Default' }).getAttribute('href')).toBe(`/tariffs/${CDR_TARIFF.id}`);
    expect(tariff.textContent).toContain('the default tariff');
    expect(tariff.textContent).toContain('HALF_UP');
    expect(rowsOf('cost-lines').map((row) => row.slice(0, 4))).toEqual([
      ['Energy', 'base', '12.345 kWh', '0.35 EUR / kWh'],
      ['Idle time', 'evening', '5 min', '0.10 EUR / min'],
    ]);
    expect(rowsOf('cost-lines')[1][4]).toMatch(/0\.50/);
    expect(screen.getByText(/50 min \/ 10 min/)).toBeTruthy();
  });

  it('says when there is no such CDR', async () => {
    const api = new FakeApi().on(
      'GET',
      `/api/v1/cdrs/${CDR_ID}`,
      new Reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: `no CDR ${CDR_ID}` }),
    );
    renderConsole(`/cdrs/${CDR_ID}`, api);
    expect((await screen.findByRole('alert')).textContent).toContain(`no CDR ${CDR_ID}`);
  });
});
