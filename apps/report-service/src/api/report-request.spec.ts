import { ProblemError } from '@voltlane/api-kit';
import { reportRequestOf, wantsCsv, type ReportQuery } from './report-request';

const query = (changes: Partial<ReportQuery>): ReportQuery => ({
  from: '2026-10-25',
  to: '2026-10-26',
  bucket: 'day',
  tz: 'Europe/Berlin',
  ...changes,
});

function problemOf(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('no problem raised');
}

describe('reportRequestOf', () => {
  it('reads plain dates in the zone and builds the buckets', () => {
    const { request, buckets } = reportRequestOf(query({ stationIds: 'cs-1, cs-2,cs-1' }), 10);
    expect(request).toMatchObject({ bucket: 'day', timeZone: 'Europe/Berlin', stations: ['cs-1', 'cs-2'] });
    // 25 Oct 2026 in Berlin: 00:00 CEST (22:00Z on the 24th) to 00:00 CET (23:00Z on the 25th).
    expect([request.from.toISOString(), request.to.toISOString()]).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(buckets).toHaveLength(1);
  });

  it('keeps the given station when there is no stationIds filter', () => {
    expect(reportRequestOf(query({}), 10, ['cs-9']).request.stations).toEqual(['cs-9']);
    expect(reportRequestOf(query({}), 10).request.stations).toBeNull();
  });

  it.each([
    [{ tz: 'Europe/Atlantis' }, 'tz', 'tz "Europe/Atlantis" is not an IANA time zone'],
    [{ from: '25.10.2026' }, 'from', 'from "25.10.2026" is neither a date'],
    [{ to: '2026-10-26T00:00' }, 'to', 'to "2026-10-26T00:00" is neither a date'],
    [{ to: '2026-10-25' }, 'to', 'to must be after from'],
    [{ from: '2026-01-01', to: '2026-03-01' }, 'bucket', 'the range has more than 10 day buckets (at most 10)'],
  ])('%j is a 400 naming %s', (changes, parameter, detail) => {
    const problem = problemOf(() => reportRequestOf(query(changes), 10));
    expect(problem.status).toBe(400);
    expect(problem.extra).toEqual({ parameter });
    expect(problem.detail).toContain(detail);
  });
});

describe('wantsCsv', () => {
  it.each([
    [{ format: 'csv' as const }, undefined, true],
    [{ format: 'json' as const }, 'text/csv', false],
    [{}, 'text/csv', true],
    [{}, 'application/json, text/csv;q=0.5', true],
    [{}, 'application/json', false],
    [{}, undefined, false],
  ])('%j with Accept %s → %s', (changes, accept, expected) => expect(wantsCsv(query(changes), accept)).toBe(expected));
});
