import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The network overview reads only what is current: each connector's open status interval, the
 * open station connections and the running sessions. Partial indexes hold only those rows, so
 * the overview never scans the whole history.
 */
export class OverviewIndexes1766100000000 implements MigrationInterface {
  readonly name = 'OverviewIndexes1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX status_intervals_current_idx ON status_intervals (status, station_id) WHERE ended_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX station_connections_open_idx ON station_connections (station_id, connected_at)
       WHERE connected_at IS NOT NULL AND disconnected_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX sessions_running_idx ON sessions (station_id) WHERE NOT ended`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['sessions_running_idx', 'station_connections_open_idx', 'status_intervals_current_idx']) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
  }
}
