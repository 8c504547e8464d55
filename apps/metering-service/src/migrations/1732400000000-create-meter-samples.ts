import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Normalized meter samples. One row per sampled value, stored exactly once: the natural key
 * (station, transaction, evse/connector, time, measurand, phase, location, context) is unique,
 * with NULLs not distinct (PostgreSQL 15+) so a total (no phase) or a sample outside a
 * transaction is still deduplicated. `id` is derived from that key.
 */
export class CreateMeterSamples1732400000000 implements MigrationInterface {
  readonly name = 'CreateMeterSamples1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE meter_samples (
        id uuid PRIMARY KEY,
        station_id text NOT NULL,
        protocol text NOT NULL,
        transaction_ref text NULL,
        evse_id integer NULL,
        connector_id integer NULL,
        sampled_at timestamptz(3) NOT NULL,
        measurand text NOT NULL,
        phase text NULL,
        location text NOT NULL,
        context text NOT NULL,
        unit text NOT NULL,
        value numeric(24, 6) NULL,
        raw_value text NOT NULL,
        signed jsonb NULL,
        invalid text NULL,
        source_action text NOT NULL,
        source_message_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        CONSTRAINT meter_samples_natural_key UNIQUE NULLS NOT DISTINCT
          (station_id, transaction_ref, evse_id, sampled_at, measurand, phase, location, context)
      )`);
    await queryRunner.query(
      `CREATE INDEX meter_samples_transaction_idx ON meter_samples (station_id, transaction_ref, sampled_at) WHERE transaction_ref IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX meter_samples_station_time_idx ON meter_samples (station_id, sampled_at)`);
    await queryRunner.query(`CREATE INDEX meter_samples_unpublished_idx ON meter_samples (station_id) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE meter_samples`);
  }
}
