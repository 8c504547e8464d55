// GET /api/v1/reports/overview over real HTTP: the report-service on the in-process bus and its own
// PostgreSQL schema, with a fixed "now"; the records are published as the gateway, station-,
// session- and billing-service publish them.
import { ServiceTestApi, type HttpAnswer } from '@voltlane/testing/medium';
import { uniqueName } from '@voltlane/testing';
import { reportApiModule, startReportService, type NetworkOverview, type ReportServiceHandle, type ReportStartOptions } from '../src';
import { OverviewSession, connection, status } from './overview-records';

// 21:30 UTC on 1 June: 23:30 in Amsterdam (UTC+2, still 1 June), 09:30 on 2 June in Auckland (UTC+12).
const NOW = new Date('2026-06-01T21:30:00.000Z');

class ReportTestApi extends ServiceTestApi<ReportServiceHandle, ReportStartOptions> {
  static start(): Promise<ReportTestApi> {
    return ServiceTestApi.launch(
      {
        start: startReportService,
        service: 'report-service',
        options: { clock: () => NOW },
        modules: (service) => [reportApiModule(service)],
        apiPath: '/api/v1/reports',
      },
      (started) => new ReportTestApi(started),
    );
  }

  overview(query = '', key: 'read' | 'write' | 'none' = 'read'): Promise<HttpAnswer<NetworkOverview>> {
    return this.call<NetworkOverview>('GET', `/overview${query}`, undefined, key);
  }
}

let api: ReportTestApi;
const [A, B, C, D, E] = ['cs-a', 'cs-b', 'cs-c', 'cs-d', 'cs-e'].map((name) => uniqueName(name));

beforeAll(async () => {
  api = await ReportTestApi.start();
  const publish = (topic: 'StationConnections' | 'StationStatus' | 'SessionLifecycle' | 'BillingCdrs', key: string, value: unknown) =>
    api.harness.publish(topic, key, value);

  // A: online; connectors 1 Charging, 2 Available, 2.x EVSE 2 connector 1 Available; its connector 0 is no connector.
  await publish('StationConnections', A, connection(A, `${A}-1`, 'Connected', '2026-06-01T08:00:00.000Z'));
  await publish('StationStatus', A, status(A, 0, 'Available', '2026-06-01T08:00:01.000Z'));
  await publish('StationStatus', A, status(A, 1, 'Available', '2026-06-01T08:00:01.000Z'));
  await publish('StationStatus', A, status(A, 1, 'Charging', '2026-06-01T20:00:00.000Z'));
  await publish('StationStatus', A, status(A, 2, 'Available', '2026-06-01T08:00:01.000Z'));
  await publish('StationStatus', A, status(A, 1, 'Available', '2026-06-01T08:00:01.000Z', 2));
  // B: its connection closed (offline); connector 1 Faulted (a faulted station).
  await publish('StationConnections', B, connection(B, `${B}-1`, 'Connected', '2026-06-01T07:00:00.000Z'));
  await publish('StationStatus', B, status(B, 1, 'Faulted', '2026-06-01T08:30:00.000Z'));
  await publish('StationConnections', B, connection(B, `${B}-1`, 'Disconnected', '2026-06-01T09:00:00.000Z'));
  // C: an old connection never seen closing, then a newer one that closed: its latest is closed (offline).
  await publish('StationConnections', C, connection(C, `${C}-1`, 'Connected', '2026-06-01T06:00:00.000Z'));
  await publish('StationConnections', C, connection(C, `${C}-2`, 'Connected', '2026-06-01T10:00:00.000Z'));
  await publish('StationConnections', C, connection(C, `${C}-2`, 'Disconnected', '2026-06-01T11:00:00.000Z'));
  // D: reconnected (online); the whole station Faulted (faulted, not a connector); connector 1 Unavailable.
  await publish('StationConnections', D, connection(D, `${D}-1`, 'Connected', '2026-06-01T06:00:00.000Z'));
  await publish('StationConnections', D, connection(D, `${D}-1`, 'Disconnected', '2026-06-01T07:00:00.000Z'));
  await publish('StationConnections', D, connection(D, `${D}-2`, 'Connected', '2026-06-01T08:00:00.000Z'));
  await publish('StationStatus', D, status(D, 0, 'Faulted', '2026-06-01T08:00:02.000Z'));
  await publish('StationStatus', D, status(D, 1, 'Unavailable', '2026-06-01T08:00:02.000Z'));
  // E: known from its sessions only (offline).

  const sessions: { session: OverviewSession; energyWh: number; ended: boolean; cdr?: [string, string, string] }[] = [
    // Running since 20:00 UTC (08:00 on 2 June in Auckland): today in every zone of the spec.
    { session: new OverviewSession(A, '2026-06-01T20:00:00.000Z'), energyWh: 5000.5, ended: false },
    // 01:00 on 1 June in Amsterdam, 23:00 on 31 May in UTC.
    { session: new OverviewSession(E, '2026-05-31T23:00:00.000Z'), energyWh: 10_000, ended: true, cdr: ['USD', '7.5', '8.9'] },
    { session: new OverviewSession(B, '2026-06-01T10:00:00.000Z'), energyWh: 12_000.25, ended: true, cdr: ['EUR', '20.10', '23.92'] },
    { session: new OverviewSession(D, '2026-06-01T13:00:00.000Z'), energyWh: 3000, ended: true, cdr: ['EUR', '0.20', '0.24'] },
    // Exactly UTC midnight: the first instant of UTC's today.
    { session: new OverviewSession(A, '2026-06-01T00:00:00.000Z'), energyWh: 1000, ended: true, cdr: ['EUR', '1.25', '1.49'] },
    // The last millisecond before Amsterdam's today: yesterday in every zone.
    { session: new OverviewSession(A, '2026-05-31T21:59:59.999Z'), energyWh: 700, ended: true, cdr: ['EUR', '9.99', '9.99'] },
    // Running since the day before: running, not started today.
    { session: new OverviewSession(E, '2026-05-30T12:00:00.000Z'), energyWh: 40_000, ended: false },
  ];
  for (const { session, energyWh, ended, cdr } of sessions) {
    await publish('SessionLifecycle', session.stationId, session.event('Started', 0, 0));
    await publish('SessionLifecycle', session.stationId, session.event('Updated', 30, energyWh));
    if (ended) await publish('SessionLifecycle', session.stationId, session.event('Ended', 60, energyWh));
    if (cdr) await publish('BillingCdrs', session.stationId, session.cdr(60, energyWh, ...cdr));
  }
  await api.harness.settle();
});

afterAll(async () => {
  await api?.stop();
});

describe('GET /api/v1/reports/overview', () => {
  it('counts stations online, offline and faulted, connectors by current status and running sessions (UTC by default)', async () => {
    const answer = await api.overview();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      at: NOW.toISOString(),
      timeZone: 'UTC',
      stations: { total: 5, online: 2, offline: 3, faulted: 2 },
      connectors: { total: 5, byStatus: { Available: 2, Charging: 1, Faulted: 1, Unavailable: 1 } },
      sessions: { running: 2 },
    });
    // Only the statuses some connector is in.
    expect(Object.keys(answer.body.connectors.byStatus).sort()).toEqual(['Available', 'Charging', 'Faulted', 'Unavailable']);
  });

  it.each([
    [
      'UTC',
      { start: '2026-06-01T00:00:00.000Z', end: '2026-06-02T00:00:00.000Z' },
      4,
      '21000.750',
      [{ currency: 'EUR', exclTax: '21.55', inclTax: '25.65' }],
    ],
    [
      'Europe/Amsterdam',
      { start: '2026-05-31T22:00:00.000Z', end: '2026-06-01T22:00:00.000Z' },
      5,
      '31000.750',
      [
        { currency: 'EUR', exclTax: '21.55', inclTax: '25.65' },
        // One amount with one decimal: the sum keeps (at least) two.
        { currency: 'USD', exclTax: '7.50', inclTax: '8.90' },
      ],
    ],
    [
      'Pacific/Auckland',
      { start: '2026-06-01T12:00:00.000Z', end: '2026-06-02T12:00:00.000Z' },
      2,
      '8000.500',
      [{ currency: 'EUR', exclTax: '0.20', inclTax: '0.24' }],
    ],
  ])("today in %s: its calendar day's sessions, energy and revenue per currency", async (timeZone, day, started, energyWh, revenue) => {
    const answer = await api.overview(`?tz=${encodeURIComponent(timeZone)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.timeZone).toBe(timeZone);
    expect(answer.body.sessions).toEqual({ running: 2, startedToday: started });
    expect(answer.body.today).toEqual({ ...day, energyWh, revenue });
  });

  it.each([
    ['Europe/Atlantis', 'tz "Europe/Atlantis" is not an IANA time zone'],
    ['+02:00', 'tz "+02:00" is not an IANA time zone'],
  ])('tz %s is a 400 problem naming the parameter', async (timeZone, detail) => {
    const answer = await api.overview(`?tz=${encodeURIComponent(timeZone)}`);
    expect({ status: answer.status, type: answer.contentType.split(';')[0] }).toEqual({ status: 400, type: 'application/problem+json' });
    expect(answer.body).toMatchObject({ status: 400, parameter: 'tz' });
    expect((answer.body as unknown as { detail: string }).detail).toContain(detail);
  });

  it("rejects an unknown parameter (e.g. timeZone, the name of the answer's field) with a 400 naming it", async () => {
    const answer = await api.overview('?timeZone=Europe/Berlin');
    expect(answer.status).toBe(400);
    expect((answer.body as unknown as { detail: string }).detail).toContain('unknown property "timeZone"');
  });

  it('answers a read key, and no key with 401', async () => {
    expect((await api.overview('', 'read')).status).toBe(200);
    const anonymous = await api.overview('', 'none');
    expect({ status: anonymous.status, type: anonymous.contentType.split(';')[0] }).toEqual({
      status: 401,
      type: 'application/problem+json',
    });
  });
});
