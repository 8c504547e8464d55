import type { OperatorApiClient, OperatorApiSchemas } from '@voltlane/operator-api-client';
import { unwrap } from '../../api/api-error';
import type { PeriodRange } from './report-period';
import type { ReportBucket } from './report-totals';

/** What a report covers: every station, one station, or the stations of a load-management site. */
export type ReportTarget = { kind: 'network' } | { kind: 'station'; stationId: string } | { kind: 'site'; siteId: string; stationIds: string[] };

export type StationsReportItem = NonNullable<OperatorApiSchemas['ReportStationsResponse']['items']>[number];

/** The longest stationIds the API takes (docs/openapi.json: maxLength 10000). */
export const MAX_STATION_IDS_LENGTH = 10_000;

export interface ReportAnswer {
  buckets: ReportBucket[];
  /** network/site: the stations the API counted; station: its own id. */
  stationIds: string[];
  timeZone: string | undefined;
}

/** A JSON answer (the report endpoints also declare CSV, a string). */
function json<T extends object>(answer: T | string): T {
  if (typeof answer === 'string') throw new Error('The report API answered CSV where JSON was asked for');
  return answer;
}

function query(range: PeriodRange, timeZone: string, bucket = range.bucket) {
  return { from: range.from, to: range.to, bucket, tz: timeZone };
}

/** The stationIds parameter of a site: never empty (an empty or missing one would mean every station). */
export function stationIdsOf(target: ReportTarget): string | undefined {
  return target.kind === 'site' ? target.stationIds.join(',') : undefined;
}

/** The per-bucket report of `target` over `range`. */
export async function fetchReport(api: OperatorApiClient, target: ReportTarget, range: PeriodRange, timeZone: string): Promise<ReportAnswer> {
  if (target.kind === 'station') {
    const report = json(
      unwrap(
        await api.GET('/api/v1/reports/stations/{stationId}', {
          params: { path: { stationId: target.stationId }, query: query(range, timeZone) },
        }),
      ),
    );
    return { buckets: report.buckets ?? [], stationIds: [report.stationId ?? target.stationId], timeZone: report.timeZone };
  }
  const stationIds = stationIdsOf(target);
  const report = json(
    unwrap(
      await api.GET('/api/v1/reports/network', {
        params: { query: { ...query(range, timeZone), ...(stationIds ? { stationIds } : {}) } },
      }),
    ),
  );
  return { buckets: report.buckets ?? [], stationIds: report.stationIds ?? [], timeZone: report.timeZone };
}

/** Every station of `target` (network or site) over `range`, in as few buckets as cover it. */
export async function fetchStationTotals(
  api: OperatorApiClient,
  target: ReportTarget,
  range: PeriodRange,
  timeZone: string,
): Promise<StationsReportItem[]> {
  const stationIds = stationIdsOf(target);
  const report = json(
    unwrap(
      await api.GET('/api/v1/reports/stations', {
        params: { query: { ...query(range, timeZone, range.totalBucket), ...(stationIds ? { stationIds } : {}) } },
      }),
    ),
  );
  return report.items ?? [];
}

/** The per-bucket report as CSV (the API's own, one row per bucket). */
export async function fetchReportCsv(api: OperatorApiClient, target: ReportTarget, range: PeriodRange, timeZone: string): Promise<string> {
  if (target.kind === 'station')
    return unwrap(
      await api.GET('/api/v1/reports/stations/{stationId}', {
        params: { path: { stationId: target.stationId }, query: { ...query(range, timeZone), format: 'csv' } },
        parseAs: 'text',
      }),
    );
  const stationIds = stationIdsOf(target);
  return unwrap(
    await api.GET('/api/v1/reports/network', {
      params: { query: { ...query(range, timeZone), format: 'csv', ...(stationIds ? { stationIds } : {}) } },
      parseAs: 'text',
    }),
  );
}
