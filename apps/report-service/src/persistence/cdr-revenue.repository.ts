import type { DataSource } from 'typeorm';
import type { RevenueFact } from '@voltlane/report-domain';
import { stationCondition, type StationFilter } from './station-filter';

export interface CdrRevenue {
  cdrId: string;
  sessionId: string;
  stationId: string;
  startedAt: Date;
  currency: string;
  totalExclTax: string;
  totalInclTax: string;
}

/** One row per CDR (a re-published CDR is the same record: ignored). */
export class CdrRevenueRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(cdr: CdrRevenue): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO cdr_revenue (cdr_id, session_id, station_id, started_at, currency, total_excl_tax, total_incl_tax)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (cdr_id) DO NOTHING`,
      [cdr.cdrId, cdr.sessionId, cdr.stationId, cdr.startedAt, cdr.currency, cdr.totalExclTax, cdr.totalInclTax],
    );
  }

  /** CDRs of sessions that started in [from, to). */
  async startedIn(stations: StationFilter, from: Date, to: Date): Promise<(RevenueFact & { stationId: string })[]> {
    const rows: { station_id: string; started_at: Date; currency: string; total_excl_tax: string; total_incl_tax: string }[] =
      await this.dataSource.query(
        `SELECT station_id, started_at, currency, total_excl_tax, total_incl_tax FROM cdr_revenue
       WHERE ${stationCondition('$1')} AND started_at >= $2 AND started_at < $3`,
        [stations, from, to],
      );
    return rows.map((r) => ({
      stationId: r.station_id,
      startedAt: r.started_at.getTime(),
      currency: r.currency,
      totalExclTax: r.total_excl_tax,
      totalInclTax: r.total_incl_tax,
    }));
  }
}
