import type { DataSource } from 'typeorm';
import { stationCondition, type StationFilter } from './station-filter';

/** SQL of the station ids the read model knows (from any of its facts), one row each. */
export const KNOWN_STATIONS_SQL = `SELECT station_id FROM status_intervals UNION SELECT station_id FROM station_connections
         UNION SELECT station_id FROM sessions UNION SELECT station_id FROM cdr_revenue`;

/** The stations the read model knows (from any of its facts). */
export class StationDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async known(stations: StationFilter): Promise<string[]> {
    const rows: { station_id: string }[] = await this.dataSource.query(
      `SELECT station_id FROM (${KNOWN_STATIONS_SQL}) known WHERE ${stationCondition('$1')} ORDER BY station_id`,
      [stations],
    );
    return rows.map((r) => r.station_id);
  }
}
