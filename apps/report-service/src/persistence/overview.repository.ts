import type { DataSource } from 'typeorm';
import { STATION_LEVEL } from '@voltlane/report-domain';
import { KNOWN_STATIONS_SQL } from './station-directory.repository';

/** How many connectors (and stations) are currently in one status. */
export interface CurrentStatusCount {
  status: string;
  /** Connectors in the status; the whole-station connector 0 not counted. */
  connectors: number;
  /** Stations with at least one connector (the whole-station one included) in the status. */
  stations: number;
}

/** The totals of one currency, exact decimal strings (summed as numeric in SQL). */
export interface CurrencyTotal {
  currency: string;
  exclTax: string;
  inclTax: string;
}

/** The network as the read model has it now: counts computed in SQL over the current rows. */
export class OverviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stations the read model knows, and those online: whose latest connection (by connected_at)
   * is still open. A close without an open (connected_at NULL) is no connection of its own.
   */
  async stations(): Promise<{ total: number; online: number }> {
    const [row]: { total: number; online: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM (${KNOWN_STATIONS_SQL}) known)::int AS total,
              (SELECT count(DISTINCT c.station_id) FROM station_connections c
                WHERE c.connected_at IS NOT NULL AND c.disconnected_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM station_connections later
                                   WHERE later.station_id = c.station_id AND later.connected_at > c.connected_at))::int AS online`,
    );
    return { total: row?.total ?? 0, online: row?.online ?? 0 };
  }

  /** The current status of every connector: its open status interval, counted per status. */
  async currentStatuses(): Promise<CurrentStatusCount[]> {
    return this.dataSource.query(
      `SELECT status, (count(*) FILTER (WHERE connector <> $1))::int AS connectors, count(DISTINCT station_id)::int AS stations
         FROM status_intervals WHERE ended_at IS NULL GROUP BY status ORDER BY status`,
      [STATION_LEVEL],
    );
  }

  /** Sessions not ended; sessions started in [from, to) and their energy (Wh, 3 decimals). */
  async sessions(from: Date, to: Date): Promise<{ running: number; started: number; energyWh: string }> {
    const [row]: { running: number; started: number; energy_wh: string }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM sessions WHERE NOT ended)::int AS running, count(*)::int AS started,
              round(coalesce(sum(energy_wh), 0), 3)::text AS energy_wh
         FROM sessions WHERE started_at >= $1 AND started_at < $2`,
      [from, to],
    );
    return { running: row?.running ?? 0, started: row?.started ?? 0, energyWh: row?.energy_wh ?? '0.000' };
  }

  /**
   * CDR totals of the sessions that started in [from, to), per currency: summed as numeric, with
   * the most decimals of any amount and at least two (as the reports' sums).
   */
  async revenue(from: Date, to: Date): Promise<CurrencyTotal[]> {
    const rows: { currency: string; excl_tax: string; incl_tax: string }[] = await this.dataSource.query(
      `SELECT currency,
              round(sum(total_excl_tax::numeric), greatest(2, max(scale(total_excl_tax::numeric))))::text AS excl_tax,
              round(sum(total_incl_tax::numeric), greatest(2, max(scale(total_incl_tax::numeric))))::text AS incl_tax
         FROM cdr_revenue WHERE started_at >= $1 AND started_at < $2 GROUP BY currency ORDER BY currency`,
      [from, to],
    );
    return rows.map((r) => ({ currency: r.currency, exclTax: r.excl_tax, inclTax: r.incl_tax }));
  }
}
