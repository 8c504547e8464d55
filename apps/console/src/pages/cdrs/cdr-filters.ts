import type { OperatorApiOperations } from '@voltlane/operator-api-client';
import { dayEndIso, dayStartIso } from '../sessions/day-range';

/** The filters GET /api/v1/cdrs and GET /api/v1/cdrs.csv share (listCdrs without limit and offset). */
export type CdrQuery = Omit<NonNullable<OperatorApiOperations['listCdrs']['parameters']['query']>, 'limit' | 'offset'>;

export type AnomalousFilter = 'all' | 'anomalous' | 'clean';

/** The filters of the CDRs page, as the form holds them (days as YYYY-MM-DD). */
export interface CdrFilters {
  stationId: string;
  customerId: string;
  /** Sessions ended on or after this day. */
  endedFrom: string;
  /** Sessions ended on or before this day (the whole day included). */
  endedTo: string;
  anomalous: AnomalousFilter;
}

/** Filters given in the page's URL (/cdrs?stationId=CP-1&customerId=…). */
export function cdrFiltersFromSearch(search: URLSearchParams): CdrFilters {
  const anomalous = search.get('anomalous');
  return {
    stationId: search.get('stationId') ?? '',
    customerId: search.get('customerId') ?? '',
    endedFrom: search.get('endedFrom') ?? '',
    endedTo: search.get('endedTo') ?? '',
    anomalous: anomalous === 'true' ? 'anomalous' : anomalous === 'false' ? 'clean' : 'all',
  };
}

/** The query parameters of `filters`; empty filters are left out. */
export function cdrQuery(filters: CdrFilters): CdrQuery {
  const stationId = filters.stationId.trim();
  const customerId = filters.customerId.trim();
  const endedFrom = dayStartIso(filters.endedFrom);
  const endedTo = dayEndIso(filters.endedTo);
  return {
    ...(stationId ? { stationId } : {}),
    ...(customerId ? { customerId } : {}),
    ...(endedFrom ? { endedFrom } : {}),
    ...(endedTo ? { endedTo } : {}),
    ...(filters.anomalous !== 'all' ? { anomalous: filters.anomalous === 'anomalous' } : {}),
  };
}

/** The path of GET /api/v1/cdrs.csv with the query of `query`. */
export function cdrCsvPath(query: CdrQuery): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return `/api/v1/cdrs.csv${text ? `?${text}` : ''}`;
}
