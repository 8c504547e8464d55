import { fromLocal, offsetMs, toLocal } from './zoned-time';

const H = 3_600_000;

describe('zoned time (Intl)', () => {
  it.each([
    ['2024-01-15T12:00:00Z', 'Europe/Berlin', 1 * H],
    ['2024-07-15T12:00:00Z', 'Europe/Berlin', 2 * H],
    ['2024-07-15T12:00:00Z', 'America/New_York', -4 * H],
    ['2024-07-15T12:00:00Z', 'Asia/Kolkata', 5.5 * H],
  ])('offset at %s in %s', (instant, zone, expected) => {
    expect(offsetMs(Date.parse(instant), zone)).toBe(expected);
  });

  it.each([
    // ordinary
    [{ year: 2024, month: 1, day: 15, hour: 22, minute: 0, second: 0 }, '2024-01-15T21:00:00.000Z'],
    // skipped by spring-forward: 02:30 → 03:30 CEST
    [{ year: 2024, month: 3, day: 31, hour: 2, minute: 30, second: 0 }, '2024-03-31T01:30:00.000Z'],
    // repeated by fall-back: the earlier (CEST) instant
    [{ year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 }, '2024-10-27T00:30:00.000Z'],
  ])('local %o in Berlin is %s', (local, expected) => {
    expect(new Date(fromLocal(local, 'Europe/Berlin')).toISOString()).toBe(expected);
  });

  it('reads the local wall clock', () => {
    expect(toLocal(Date.parse('2024-10-27T01:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2024,
      month: 10,
      day: 27,
      hour: 2,
      minute: 30,
      second: 0,
    });
  });
});
