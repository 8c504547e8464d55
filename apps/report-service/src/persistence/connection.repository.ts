import type { DataSource } from 'typeorm';
import { stationCondition, type StationFilter } from './station-filter';

/** One row per station WebSocket connection: when it opened and closed (NULL: still open or unknown). */
export class ConnectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async connected(connectionId: string, stationId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO station_connections (connection_id, station_id, connected_at) VALUES ($1, $2, $3)
       ON CONFLICT (connection_id) DO UPDATE SET connected_at = excluded.connected_at`,
      [connectionId, stationId, at],
    );
  }

  async disconnected(connectionId: string, stationId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO station_connections (connection_id, station_id, disconnected_at) VALUES ($1, $2, $3)
       ON CONFLICT (connection_id) DO UPDATE SET disconnected_at = excluded.disconnected_at`,
      [connectionId, stationId, at],
    );
  }

  /** Connections that were open at some time in [from, to) (a close without an open is skipped). */
  async overlapping(stations: StationFilter, from: Date, to: Date): Promise<{ stationId: string; start: number; end: number | null }[]> {
    const rows: { station_id: string; connected_at: Date; disconnected_at: Date | null }[] = await this.dataSource.query(
      `SELECT station_id, connected_at, disconnected_at FROM station_connections
       WHERE ${stationCondition('$1')} AND connected_at IS NOT NULL AND connected_at < $3 AND (disconnected_at IS NULL OR disconnected_at > $2)`,
      [stations, from, to],
    );
    return rows.map((r) => ({ stationId: r.station_id, start: r.connected_at.getTime(), end: r.disconnected_at?.getTime() ?? null }));
  }
}
