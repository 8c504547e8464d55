import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cost to the station (ADR 0016): when each running session's next CostUpdated is due (claimed
 * with SKIP LOCKED, so replicas and restarts share one schedule), and the tariffs each station
 * holds as its answers to SetDefaultTariff, ChangeTransactionTariff, GetTariffs and ClearTariffs
 * last said (OCPP 2.1).
 */
export class StationCost1765200000000 implements MigrationInterface {
  readonly name = 'StationCost1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE billing_sessions ADD COLUMN cost_update_due_at timestamptz NULL`);
    await queryRunner.query(`CREATE INDEX billing_sessions_cost_due_idx ON billing_sessions (cost_update_due_at) WHERE status = 'Active'`);
    await queryRunner.query(`
      CREATE TABLE station_tariffs (
        station_id text NOT NULL,
        evse_id integer NOT NULL,
        station_tariff_id text NOT NULL,
        tariff_kind text NOT NULL,
        tariff_id text NULL,
        tariff_version integer NULL,
        transaction_id text NULL,
        id_tokens jsonb NULL,
        valid_from timestamptz NULL,
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, station_tariff_id, evse_id, tariff_kind)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE station_tariffs`);
    await queryRunner.query(`DROP INDEX billing_sessions_cost_due_idx`);
    await queryRunner.query(`ALTER TABLE billing_sessions DROP COLUMN cost_update_due_at`);
  }
}
