import type { DataSource, EntityManager } from 'typeorm';
import type { StatusInterval } from '@voltlane/report-domain';
import { stationCondition, type StationFilter } from './station-filter';

export interface StatusChange {
  stationId: string;
  connector: string;
  startedAt: Date;
  status: string;
  errorCode: string | null;
  receivedAt: Date;
}

/** The status intervals of each connector: one row per status it entered, ended by the next one. */
export class StatusIntervalRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the status as an interval from `startedAt` to the connector's next known status, and
   * ends the previous one there. A change at the same instant keeps the one received last; a
   * re-delivered change writes the same values again (idempotent, also out of order).
   */
  async record(manager: EntityManager, change: StatusChange): Promise<void> {
    const { stationId, connector, startedAt } = change;
    await manager.query(
      `INSERT INTO status_intervals (station_id, connector, started_at, ended_at, status, error_code, received_at)
       VALUES ($1, $2, $3, (SELECT min(started_at) FROM status_intervals WHERE station_id = $1 AND connector = $2 AND started_at > $3), $4, $5, $6)
       ON CONFLICT (station_id, connector, started_at) DO UPDATE
         SET status = excluded.status, error_code = excluded.error_code, received_at = excluded.received_at
         WHERE excluded.received_at > status_intervals.received_at`,
      [stationId, connector, startedAt, change.status, change.errorCode, change.receivedAt],
    );
    await manager.query(
      `UPDATE status_intervals SET ended_at = $3
       WHERE station_id = $1 AND connector = $2
         AND started_at = (SELECT max(started_at) FROM status_intervals WHERE station_id = $1 AND connector = $2 AND started_at < $3)`,
      [stationId, connector, startedAt],
    );
  }

  /** Intervals that overlap [from, to). */
  async overlapping(stations: StationFilter, from: Date, to: Date): Promise<(StatusInterval & { stationId: string })[]> {
    const rows: { station_id: string; connector: string; status: string; started_at: Date; ended_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT station_id, connector, status, started_at, ended_at FROM status_intervals
       WHERE ${stationCondition('$1')} AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2)`,
        [stations, from, to],
      );
    return rows.map((r) => ({
      stationId: r.station_id,
      connector: r.connector,
      status: r.status,
      start: r.started_at.getTime(),
      end: r.ended_at?.getTime() ?? null,
    }));
  }

  /** Every connector each station has reported a status for (the whole-station '0/0' included). */
  async connectors(stations: StationFilter): Promise<{ stationId: string; connector: string }[]> {
    const rows: { station_id: string; connector: string }[] = await this.dataSource.query(
      `SELECT DISTINCT station_id, connector FROM status_intervals WHERE ${stationCondition('$1')}`,
      [stations],
    );
    return rows.map((r) => ({ stationId: r.station_id, connector: r.connector }));
  }
}
