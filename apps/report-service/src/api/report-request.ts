import { badRequest } from '@voltlane/api-kit';
import { isValidTimeZone, parseReportInstant, type Bucket, type BucketSize } from '@voltlane/report-domain';
import { ReportQueries, type ReportRequest } from '../application/report-queries';

/** The query string of a report endpoint, after SchemaPipe. */
export interface ReportQuery {
  from: string;
  to: string;
  bucket: BucketSize;
  tz: string;
  stationIds?: string;
  format?: 'json' | 'csv';
}

/**
 * Reads the range of a report query: the zone first (plain dates depend on it), then from/to;
 * each failure is a 400 naming the parameter.
 */
export function reportRequestOf(
  query: ReportQuery,
  maxBuckets: number,
  stations: string[] | null = null,
): { request: ReportRequest; buckets: Bucket[] } {
  if (!isValidTimeZone(query.tz))
    throw badRequest(`Invalid query: tz "${query.tz}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`, { parameter: 'tz' });
  const from = parseReportInstant(query.from, query.tz);
  if (!from)
    throw badRequest(`Invalid query: from "${query.from}" is neither a date (YYYY-MM-DD) nor a date-time with offset`, {
      parameter: 'from',
    });
  const to = parseReportInstant(query.to, query.tz);
  if (!to)
    throw badRequest(`Invalid query: to "${query.to}" is neither a date (YYYY-MM-DD) nor a date-time with offset`, { parameter: 'to' });
  if (to.getTime() <= from.getTime()) throw badRequest('Invalid query: to must be after from', { parameter: 'to' });
  const filter = query.stationIds === undefined ? stations : [...new Set(query.stationIds.split(',').map((id) => id.trim()))];
  const request: ReportRequest = { from, to, bucket: query.bucket, timeZone: query.tz, stations: filter };
  try {
    return { request, buckets: ReportQueries.buckets(request, maxBuckets) };
  } catch (error) {
    if (error instanceof RangeError)
      throw badRequest(`Invalid query: ${error.message} (at most ${maxBuckets}); use a larger bucket or a shorter range`, {
        parameter: 'bucket',
      });
    throw error;
  }
}

/** CSV when asked for by `format=csv`, or by an Accept header that prefers text/csv (and no format=json). */
export function wantsCsv(query: ReportQuery, accept: string | undefined): boolean {
  if (query.format) return query.format === 'csv';
  return /(^|,)\s*text\/csv\b/i.test(accept ?? '');
}
