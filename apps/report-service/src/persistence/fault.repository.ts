import type { DataSource, EntityManager } from 'typeorm';
import type { FaultFact } from '@voltlane/report-domain';
import { stationCondition, type StationFilter } from './station-filter';

/** Each transition of a connector into Faulted, with its error code (one row per connector and instant). */
export class FaultRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, fault: { stationId: string; connector: string; at: Date; errorCode: string }): Promise<void> {
    await manager.query(
      `INSERT INTO faults (station_id, connector, at, error_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (station_id, connector, at) DO UPDATE SET error_code = excluded.error_code`,
      [fault.stationId, fault.connector, fault.at, fault.errorCode],
    );
  }

  async in(stations: StationFilter, from: Date, to: Date): Promise<(FaultFact & { stationId: string })[]> {
    const rows: { station_id: string; at: Date; error_code: string }[] = await this.dataSource.query(
      `SELECT station_id, at, error_code FROM faults WHERE ${stationCondition('$1')} AND at >= $2 AND at < $3`,
      [stations, from, to],
    );
    return rows.map((r) => ({ stationId: r.station_id, at: r.at.getTime(), errorCode: r.error_code }));
  }
}
