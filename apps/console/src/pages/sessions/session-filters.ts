import type { OperatorApiOperations } from '@voltlane/operator-api-client';
import { dayEndIso, dayStartIso } from './day-range';

/** The query of GET /api/v1/sessions (listSessions). */
export type SessionQuery = NonNullable<OperatorApiOperations['listSessions']['parameters']['query']>;

export type SessionStatusFilter = 'Active' | 'Ended';

/** The filters of the sessions page, as the form holds them (days as YYYY-MM-DD). */
export interface SessionFilters {
  stationId: string;
  status: SessionStatusFilter | null;
  idTokenKey: string;
  /** Started on or after this day. */
  from: string;
  /** Started on or before this day (the whole day included). */
  to: string;
  /** Only sessions with anomalies. */
  anomalies: boolean;
}

export const NO_SESSION_FILTERS: SessionFilters = { stationId: '', status: null, idTokenKey: '', from: '', to: '', anomalies: false };

/** Filters given in the page's URL (/sessions?stationId=CP-1&status=Active…), so other pages can link to a filtered list. */
export function sessionFiltersFromSearch(search: URLSearchParams): SessionFilters {
  const status = search.get('status');
  return {
    stationId: search.get('stationId') ?? '',
    status: status === 'Active' || status === 'Ended' ? status : null,
    idTokenKey: search.get('idTokenKey') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    anomalies: search.get('anomalies') === 'true',
  };
}

/** The listSessions query parameters of `filters` (without limit and offset); empty filters are left out. */
export function sessionQuery(filters: SessionFilters): SessionQuery {
  const stationId = filters.stationId.trim();
  const idTokenKey = filters.idTokenKey.trim();
  const from = dayStartIso(filters.from);
  const to = dayEndIso(filters.to);
  return {
    ...(stationId ? { stationId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(idTokenKey ? { idTokenKey } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(filters.anomalies ? { anomalies: true } : {}),
  };
}
