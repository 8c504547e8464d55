import { bucketsOf, type BucketSize } from '../time/buckets';
import { parseReportInstant } from '../time/time-zone';
import type { BucketMetrics } from './bucket-metrics';
import { computeBuckets } from './report-calculator';
import type { StationFacts } from './station-facts';

const t = (iso: string): number => new Date(iso).getTime();

function station(id: string, facts: Partial<StationFacts>): StationFacts {
  return { stationId: id, connectors: ['0/1'], statuses: [], online: [], faults: [], sessions: [], revenue: [], ...facts };
}

type Expected = Partial<BucketMetrics>;

/** Plain dates are local midnights in `zone`, as the report API reads them. */
function run(stations: StationFacts[], from: string, to: string, size: BucketSize, zone: string, now: string): BucketMetrics[] {
  const instant = (text: string): Date => parseReportInstant(text, zone) ?? new Date(NaN);
  return computeBuckets(stations, bucketsOf(instant(from), instant(to), size, zone), new Date(now));
}

describe('computeBuckets', () => {
  const cases: [string, () => BucketMetrics[], Expected[]][] = [
    [
      // Berlin, 2026-10-25: the 25-hour day = 90 000 s. One connector, online all day.
      // Charging 10:00–12:30 UTC = 9 000 s → utilisation 9 000 / 90 000 = 10 % (not 10.42 % of 24 h).
      // Faulted 20:00–22:30 UTC = 9 000 s → uptime (90 000 − 9 000) / 90 000 = 90 %.
      'a DST day of 25 hours',
      () =>
        run(
          [
            station('S1', {
              online: [{ start: t('2026-10-20T00:00:00Z'), end: null }],
              statuses: [
                { connector: '0/1', status: 'Available', start: t('2026-10-20T00:00:00Z'), end: t('2026-10-25T10:00:00Z') },
                { connector: '0/1', status: 'Charging', start: t('2026-10-25T10:00:00Z'), end: t('2026-10-25T12:30:00Z') },
                { connector: '0/1', status: 'Available', start: t('2026-10-25T12:30:00Z'), end: t('2026-10-25T20:00:00Z') },
                { connector: '0/1', status: 'Faulted', start: t('2026-10-25T20:00:00Z'), end: t('2026-10-25T22:30:00Z') },
                { connector: '0/1', status: 'Available', start: t('2026-10-25T22:30:00Z'), end: null },
              ],
              faults: [{ at: t('2026-10-25T20:00:00Z'), errorCode: 'GroundFailure' }],
            }),
          ],
          '2026-10-25',
          '2026-10-26',
          'day',
          'Europe/Berlin',
          '2026-11-01T00:00:00Z',
        ),
      [
        {
          start: '2026-10-24T22:00:00.000Z',
          end: '2026-10-25T23:00:00.000Z',
          occupiedSeconds: 9000,
          utilisationPercent: 10,
          uptimePercent: 90,
          onlinePercent: 100,
          faults: [{ errorCode: 'GroundFailure', count: 1 }],
        },
      ],
    ],
    [
      // UTC days 1 and 2 March. A session 23:00 (1 Mar) – 01:00 (2 Mar): 10 000 Wh, 5 400 s charging,
      // 1 800 s idle, 7 200 s long, all counted on 1 March (its start). The occupied time is split:
      // 3 600 s on each day → 3 600 / 86 400 = 4.1666 % → 4.17 % both days.
      'a session spanning two buckets',
      () =>
        run(
          [
            station('S1', {
              online: [{ start: t('2026-02-01T00:00:00Z'), end: null }],
              statuses: [{ connector: '0/1', status: 'Charging', start: t('2026-03-01T23:00:00Z'), end: t('2026-03-02T01:00:00Z') }],
              sessions: [
                {
                  startedAt: t('2026-03-01T23:00:00Z'),
                  endedAt: t('2026-03-02T01:00:00Z'),
                  energyWh: 10_000,
                  chargingSeconds: 5400,
                  idleSeconds: 1800,
                },
              ],
              revenue: [{ startedAt: t('2026-03-01T23:00:00Z'), currency: 'EUR', totalExclTax: '3.50', totalInclTax: '4.17' }],
            }),
          ],
          '2026-03-01',
          '2026-03-03',
          'day',
          'UTC',
          '2026-04-01T00:00:00Z',
        ),
      [
        {
          sessions: 1,
          energyKwh: 10,
          sessionSeconds: 7200,
          chargingSeconds: 5400,
          idleSeconds: 1800,
          occupiedSeconds: 3600,
          utilisationPercent: 4.17,
          revenue: [{ currency: 'EUR', totalExclTax: '3.50', totalInclTax: '4.17' }],
        },
        { sessions: 0, energyKwh: 0, sessionSeconds: 0, occupiedSeconds: 3600, utilisationPercent: 4.17, revenue: [] },
      ],
    ],
    [
      // Berlin months January and February 2026. Session A starts 2026-01-31T22:30Z = 31 Jan 23:30
      // local → January; session B starts 2026-01-31T23:30Z = 1 Feb 00:30 local → February (in UTC
      // both would be January). A fault at 2026-01-31T23:00Z is exactly 1 Feb 00:00 local: February
      // (buckets are [start, end)). Revenue per currency: January EUR 3.50 + 1.25 = 4.75 net,
      // 4.17 + 1.49 = 5.66 gross; February EUR 2.00 / 2.38 and USD 5.10 / 5.10.
      'a month boundary (Jan 31 → Feb 1) in local time',
      () =>
        run(
          [
            station('S1', {
              sessions: [
                {
                  startedAt: t('2026-01-31T22:30:00Z'),
                  endedAt: t('2026-01-31T23:10:00Z'),
                  energyWh: 7_500.4,
                  chargingSeconds: 2400,
                  idleSeconds: 0,
                },
                {
                  startedAt: t('2026-01-31T23:30:00Z'),
                  endedAt: t('2026-02-01T00:30:00Z'),
                  energyWh: 12_345.6,
                  chargingSeconds: 3000,
                  idleSeconds: 600,
                },
                {
                  startedAt: t('2026-01-10T08:00:00Z'),
                  endedAt: t('2026-01-10T09:00:00Z'),
                  energyWh: 1_000,
                  chargingSeconds: 3600,
                  idleSeconds: 0,
                },
              ],
              revenue: [
                { startedAt: t('2026-01-31T22:30:00Z'), currency: 'EUR', totalExclTax: '3.50', totalInclTax: '4.17' },
                { startedAt: t('2026-01-10T08:00:00Z'), currency: 'EUR', totalExclTax: '1.25', totalInclTax: '1.49' },
                { startedAt: t('2026-01-31T23:30:00Z'), currency: 'EUR', totalExclTax: '2.00', totalInclTax: '2.38' },
                { startedAt: t('2026-01-31T23:30:00Z'), currency: 'USD', totalExclTax: '5.10', totalInclTax: '5.10' },
              ],
              faults: [
                { at: t('2026-01-31T23:00:00Z'), errorCode: 'PowerMeterFailure' },
                { at: t('2026-01-31T22:59:59Z'), errorCode: 'PowerMeterFailure' },
              ],
            }),
          ],
          '2026-01-01',
          '2026-03-01',
          'month',
          'Europe/Berlin',
          '2026-04-01T00:00:00Z',
        ),
      [
        {
          start: '2025-12-31T23:00:00.000Z',
          end: '2026-01-31T23:00:00.000Z',
          // sessions A and C: 7 500.4 + 1 000 = 8 500.4 Wh → 8.500 kWh; 2 400 + 3 600 s long
          sessions: 2,
          energyKwh: 8.5,
          sessionSeconds: 6000,
          chargingSeconds: 6000,
          faults: [{ errorCode: 'PowerMeterFailure', count: 1 }],
          revenue: [{ currency: 'EUR', totalExclTax: '4.75', totalInclTax: '5.66' }],
        },
        {
          start: '2026-01-31T23:00:00.000Z',
          end: '2026-02-28T23:00:00.000Z',
          // session B: 12 345.6 Wh → 12.346 kWh, 3 600 s long
          sessions: 1,
          energyKwh: 12.346,
          sessionSeconds: 3600,
          idleSeconds: 600,
          faults: [{ errorCode: 'PowerMeterFailure', count: 1 }],
          revenue: [
            { currency: 'EUR', totalExclTax: '2.00', totalInclTax: '2.38' },
            { currency: 'USD', totalExclTax: '5.10', totalInclTax: '5.10' },
          ],
        },
      ],
    ],
    [
      // The network over one UTC day (86 400 s), two stations, 3 connectors.
      // S1 (connectors 0/1, 0/2): online 00:00–12:00 and 18:00–24:00 (64 800 s). 0/1 Charging
      // 06:00–09:00 (10 800 s); 0/2 Faulted 00:00–06:00. Up: 0/1 online 64 800 s; 0/2 online and
      // not faulted: 06:00–12:00 + 18:00–24:00 = 43 200 s.
      // S2 (connector 1/1, a 2.x EVSE): online all day; connector 0 of the station... none; the
      // connector Occupied 12:00–13:30 (5 400 s); Unavailable 20:00–24:00 (14 400 s): up 72 000 s.
      // Utilisation (10 800 + 5 400) / (3 × 86 400) = 16 200 / 259 200 = 6.25 %.
      // Uptime (64 800 + 43 200 + 72 000) / 259 200 = 180 000 / 259 200 = 69.444 % → 69.44 %.
      // Online (64 800 + 86 400) / (2 × 86 400) = 151 200 / 172 800 = 87.5 %.
      'the network of two stations',
      () =>
        run(
          [
            station('S1', {
              connectors: ['0/1', '0/2'],
              online: [
                { start: t('2026-05-09T20:00:00Z'), end: t('2026-05-10T12:00:00Z') },
                { start: t('2026-05-10T18:00:00Z'), end: null },
              ],
              statuses: [
                { connector: '0/1', status: 'Charging', start: t('2026-05-10T06:00:00Z'), end: t('2026-05-10T09:00:00Z') },
                { connector: '0/2', status: 'Faulted', start: t('2026-05-09T00:00:00Z'), end: t('2026-05-10T06:00:00Z') },
              ],
            }),
            station('S2', {
              connectors: ['1/1'],
              online: [{ start: t('2026-05-01T00:00:00Z'), end: null }],
              statuses: [
                { connector: '1/1', status: 'Occupied', start: t('2026-05-10T12:00:00Z'), end: t('2026-05-10T13:30:00Z') },
                { connector: '1/1', status: 'Unavailable', start: t('2026-05-10T20:00:00Z'), end: null },
              ],
            }),
          ],
          '2026-05-10',
          '2026-05-11',
          'day',
          'UTC',
          '2026-05-12T00:00:00Z',
        ),
      [{ occupiedSeconds: 16_200, utilisationPercent: 6.25, uptimePercent: 69.44, onlinePercent: 87.5 }],
    ],
    [
      // 1.6 connector 0 (the whole charge point) Unavailable 00:00–12:00 takes both connectors
      // down: uptime (2 × 43 200) / (2 × 86 400) = 50 %; online all day.
      'the whole charge point unavailable (1.6 connector 0)',
      () =>
        run(
          [
            station('S1', {
              connectors: ['0/1', '0/2'],
              online: [{ start: t('2026-05-01T00:00:00Z'), end: null }],
              statuses: [
                { connector: '0/0', status: 'Unavailable', start: t('2026-05-10T00:00:00Z'), end: t('2026-05-10T12:00:00Z') },
                { connector: '0/0', status: 'Available', start: t('2026-05-10T12:00:00Z'), end: null },
              ],
            }),
          ],
          '2026-05-10',
          '2026-05-11',
          'day',
          'UTC',
          '2026-05-12T00:00:00Z',
        ),
      [{ uptimePercent: 50, onlinePercent: 100, utilisationPercent: 0 }],
    ],
    [
      // "now" is 12:00 within the day: only 43 200 s have been observed. Charging since 06:00
      // (open) = 21 600 s → 50 %; the ongoing session (started 06:00) lasts 21 600 s so far.
      // Online since 09:00 (open) → 10 800 / 43 200 = 25 %. The next day has not begun: null.
      'a bucket that is still running and one in the future',
      () =>
        run(
          [
            station('S1', {
              online: [{ start: t('2026-05-10T09:00:00Z'), end: null }],
              statuses: [{ connector: '0/1', status: 'Charging', start: t('2026-05-10T06:00:00Z'), end: null }],
              sessions: [{ startedAt: t('2026-05-10T06:00:00Z'), endedAt: null, energyWh: 4_000, chargingSeconds: 21_600, idleSeconds: 0 }],
            }),
          ],
          '2026-05-10',
          '2026-05-12',
          'day',
          'UTC',
          '2026-05-10T12:00:00Z',
        ),
      [
        { sessions: 1, sessionSeconds: 21_600, occupiedSeconds: 21_600, utilisationPercent: 50, onlinePercent: 25, uptimePercent: 25 },
        { sessions: 0, occupiedSeconds: 0, utilisationPercent: null, onlinePercent: null, uptimePercent: null },
      ],
    ],
    [
      // A station that never reported a connector: no utilisation, uptime = online time.
      'a station without known connectors',
      () =>
        run(
          [station('S1', { connectors: [], online: [{ start: t('2026-05-10T00:00:00Z'), end: t('2026-05-10T06:00:00Z') }] })],
          '2026-05-10',
          '2026-05-11',
          'day',
          'UTC',
          '2026-05-12T00:00:00Z',
        ),
      [{ utilisationPercent: null, uptimePercent: 25, onlinePercent: 25 }],
    ],
  ];

  it.each(cases)('%s', (_name, compute, expected) => {
    const buckets = compute();
    expect(buckets).toHaveLength(expected.length);
    expected.forEach((figures, index) => expect(buckets[index]).toMatchObject(figures));
  });
});
