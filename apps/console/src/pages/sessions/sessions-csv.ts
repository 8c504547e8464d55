import type { OperatorApiClient, OperatorApiSchemas } from '@voltlane/operator-api-client';
import { unwrap } from '../../api/api-error';
import { collectPages, EXPORT_MAX } from '../../util/collect-pages';
import { toCsv } from '../../util/csv';
import type { SessionQuery } from './session-filters';

export type SessionRow = OperatorApiSchemas['ListSessionsResponse']['items'][number];

const COLUMNS: ReadonlyArray<{ header: string; value(row: SessionRow): unknown }> = [
  { header: 'id', value: (s) => s.id },
  { header: 'stationId', value: (s) => s.stationId },
  { header: 'protocol', value: (s) => s.protocol },
  { header: 'transactionRef', value: (s) => s.transactionRef },
  { header: 'transactionId', value: (s) => s.transactionId },
  { header: 'evseId', value: (s) => s.evseId },
  { header: 'connectorId', value: (s) => s.connectorId },
  { header: 'idToken', value: (s) => s.idToken },
  { header: 'idTokenType', value: (s) => s.idTokenType },
  { header: 'idTokenKey', value: (s) => s.idTokenKey },
  { header: 'authStatus', value: (s) => s.authStatus },
  { header: 'status', value: (s) => s.status },
  { header: 'startedAt', value: (s) => s.startedAt },
  { header: 'endedAt', value: (s) => s.endedAt },
  { header: 'meterStartWh', value: (s) => s.meterStartWh },
  { header: 'meterStopWh', value: (s) => s.meterStopWh },
  { header: 'energyWh', value: (s) => s.energyWh },
  { header: 'chargingSeconds', value: (s) => s.chargingSeconds },
  { header: 'idleSeconds', value: (s) => s.idleSeconds },
  { header: 'chargingState', value: (s) => s.chargingState },
  { header: 'stoppedReason', value: (s) => s.stoppedReason },
  { header: 'reservationId', value: (s) => s.reservationId },
  { header: 'remoteStartId', value: (s) => s.remoteStartId },
  { header: 'offline', value: (s) => s.offline },
  { header: 'anomalies', value: (s) => (s.anomalies ?? []).map((a) => a.code).join(' ') },
];

/** Sessions as CSV: a header row, one row per session (anomaly codes space-separated). */
export function sessionsCsv(rows: readonly SessionRow[]): string {
  return toCsv(rows, COLUMNS);
}

export interface SessionExport {
  rows: SessionRow[];
  /** How many sessions matched (the API's total at the last page read). */
  total: number;
  /** true when more sessions matched than the export holds (it stopped at `cap`). */
  capped: boolean;
}

/**
 * Every session of `query`, in pages of 500 (the API's largest), up to `cap`. Sessions are
 * listed newest first: one that starts meanwhile shifts the pages, so a session read twice is
 * kept once.
 */
export async function readAllSessions(api: OperatorApiClient, query: SessionQuery, cap = EXPORT_MAX): Promise<SessionExport> {
  const { items, total } = await collectPages(
    async (offset, limit) => unwrap(await api.GET('/api/v1/sessions', { params: { query: { ...query, limit, offset } } })),
    { max: cap },
  );
  const rows = [...new Map(items.map((row, index) => [row.id ?? `row-${index}`, row])).values()];
  return { rows, total, capped: total > rows.length && items.length >= cap };
}
