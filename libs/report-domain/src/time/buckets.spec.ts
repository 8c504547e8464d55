import { bucketsOf, type BucketSize } from './buckets';
import { isValidTimeZone, parseReportInstant } from './time-zone';

const hours = (ms: number): number => ms / 3_600_000;

describe('bucketsOf', () => {
  // [name, from, to, size, zone, expected [startUtc, endUtc, hours]]
  const cases: [string, string, string, BucketSize, string, [string, string, number][]][] = [
    [
      // Berlin leaves summer time on 2026-10-25 at 03:00 CEST → 02:00 CET: that day has 25 hours.
      'Berlin days around the end of summer time',
      '2026-10-24T00:00:00+02:00',
      '2026-10-27T00:00:00+01:00',
      'day',
      'Europe/Berlin',
      [
        ['2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z', 24],
        ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25],
        ['2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z', 24],
      ],
    ],
    [
      // New York starts summer time on 2026-03-08 at 02:00 EST → 03:00 EDT: 23 hours.
      'New York day with the start of summer time',
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
      'day',
      'America/New_York',
      [['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23]],
    ],
    [
      // Jan 31 → Feb 1 in Berlin (UTC+1): local midnights are 23:00 UTC the day before.
      'Berlin days across a month boundary',
      '2026-01-31T00:00:00+01:00',
      '2026-02-02T00:00:00+01:00',
      'day',
      'Europe/Berlin',
      [
        ['2026-01-30T23:00:00.000Z', '2026-01-31T23:00:00.000Z', 24],
        ['2026-01-31T23:00:00.000Z', '2026-02-01T23:00:00.000Z', 24],
      ],
    ],
    [
      // January has 31 × 24 = 744 hours, February 2026 28 × 24 = 672; March starts summer time on
      // the 29th (02:00 → 03:00), so March is 744 − 1 = 743 hours.
      'Berlin months, one with a DST change',
      '2026-01-01T00:00:00+01:00',
      '2026-04-01T00:00:00+02:00',
      'month',
      'Europe/Berlin',
      [
        ['2025-12-31T23:00:00.000Z', '2026-01-31T23:00:00.000Z', 744],
        ['2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z', 672],
        ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z', 743],
      ],
    ],
    [
      // 2026-10-21 is a Wednesday: the first ISO week is clipped to Wed–Sun (4 days + the 25-hour
      // Sunday = 5 × 24 + 1 = 121 h); the next runs Monday 26 Oct to Monday 2 Nov (168 h); the
      // last is clipped to Mon 2 Nov – Wed 4 Nov (48 h).
      'ISO weeks (Monday) in Berlin, clipped to the range',
      '2026-10-21T00:00:00+02:00',
      '2026-11-04T00:00:00+01:00',
      'week',
      'Europe/Berlin',
      [
        ['2026-10-20T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 121],
        ['2026-10-25T23:00:00.000Z', '2026-11-01T23:00:00.000Z', 168],
        ['2026-11-01T23:00:00.000Z', '2026-11-03T23:00:00.000Z', 48],
      ],
    ],
    [
      // A range that starts mid-day: the first bucket is the rest of that day (18 h).
      'UTC days from a time within a day',
      '2026-05-10T06:00:00Z',
      '2026-05-12T00:00:00Z',
      'day',
      'UTC',
      [
        ['2026-05-10T06:00:00.000Z', '2026-05-11T00:00:00.000Z', 18],
        ['2026-05-11T00:00:00.000Z', '2026-05-12T00:00:00.000Z', 24],
      ],
    ],
  ];

  it.each(cases)('%s', (_name, from, to, size, zone, expected) => {
    const buckets = bucketsOf(new Date(from), new Date(to), size, zone);
    expect(buckets.map((b) => [b.start.toISOString(), b.end.toISOString(), hours(b.end.getTime() - b.start.getTime())])).toEqual(expected);
  });

  it('labels buckets with local time and offset', () => {
    const [, dstDay] = bucketsOf(new Date('2026-10-24T00:00:00+02:00'), new Date('2026-10-26T00:00:00+01:00'), 'day', 'Europe/Berlin');
    expect([dstDay.startLocal, dstDay.endLocal]).toEqual(['2026-10-25T00:00:00.000+02:00', '2026-10-26T00:00:00.000+01:00']);
  });

  it('refuses more buckets than the limit', () => {
    // 2026-01-01 – 2026-01-05 is 4 days: a limit of 4 passes, 3 does not.
    expect(bucketsOf(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-05T00:00:00Z'), 'day', 'UTC', 4)).toHaveLength(4);
    expect(() => bucketsOf(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-05T00:00:00Z'), 'day', 'UTC', 3)).toThrow(
      'the range has more than 3 day buckets',
    );
  });

  it.each([
    ['an unknown zone', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'Mars/Olympus', /unknown time zone/],
    ['an empty range', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 'UTC', /end after it starts/],
  ])('refuses %s', (_name, from, to, zone, message) => {
    expect(() => bucketsOf(new Date(from), new Date(to), 'day', zone)).toThrow(message);
  });
});

describe('report time zones and instants', () => {
  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['+02:00', false],
    ['', false],
  ])('%s valid: %s', (zone, valid) => expect(isValidTimeZone(zone)).toBe(valid));

  it.each([
    // A plain date is local midnight in the report's zone.
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'],
    ['2026-01-31', 'Europe/Berlin', '2026-01-30T23:00:00.000Z'],
    ['2026-01-31', 'UTC', '2026-01-31T00:00:00.000Z'],
    // A date-time keeps its own offset, whatever the zone.
    ['2026-10-25T00:00:00+02:00', 'UTC', '2026-10-24T22:00:00.000Z'],
    ['2026-10-25T12:00:00Z', 'Europe/Berlin', '2026-10-25T12:00:00.000Z'],
  ])('%s in %s is %s', (text, zone, expected) => expect(parseReportInstant(text, zone)?.toISOString()).toBe(expected));

  it.each(['2026-13-01', 'yesterday', '2026-10-25T12:00:00'])('refuses %s (not a date or a date-time with offset)', (text) => {
    expect(parseReportInstant(text, 'UTC')).toBeNull();
  });
});
