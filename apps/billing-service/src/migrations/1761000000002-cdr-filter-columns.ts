import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns the operator API filters CDRs on, derived from the stored payload by PostgreSQL itself
 * (generated, so every CDR, old or new, has them and no writer can get them wrong). `ended_at` is
 * the payload's ISO text (`toISOString()`, UTC, fixed width), so text order is time order.
 */
export class CdrFilterColumns1761000000002 implements MigrationInterface {
  readonly name = 'CdrFilterColumns1761000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE cdrs
        ADD COLUMN ended_at text GENERATED ALWAYS AS ((payload::jsonb) ->> 'endedAt') STORED,
        ADD COLUMN customer_id text GENERATED ALWAYS AS ((payload::jsonb) ->> 'customerId') STORED,
        ADD COLUMN anomalous boolean GENERATED ALWAYS AS (((payload::jsonb) ->> 'anomalous')::boolean) STORED`);
    await queryRunner.query(`CREATE INDEX cdrs_ended_at_idx ON cdrs (ended_at, cdr_id)`);
    await queryRunner.query(`CREATE INDEX cdrs_station_ended_idx ON cdrs (station_id, ended_at)`);
    await queryRunner.query(`CREATE INDEX cdrs_customer_ended_idx ON cdrs (customer_id, ended_at) WHERE customer_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX cdrs_anomalous_ended_idx ON cdrs (ended_at) WHERE anomalous`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cdrs DROP COLUMN anomalous, DROP COLUMN customer_id, DROP COLUMN ended_at`);
  }
}
