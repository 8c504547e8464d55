import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cost to the station (ADR 0016): the replica of the billing-service's tariffs
 * (`billing.tariffs.v1`, one row per tariff, the highest revision kept) that prices the
 * TransactionEventResponse totalCost, and the OCPP 2.1 costDetails a station sends.
 */
export class StationCost1765200000001 implements MigrationInterface {
  readonly name = 'StationCost1765200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tariff_catalog (
        tariff_id text PRIMARY KEY,
        revision bigint NOT NULL,
        entry jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`ALTER TABLE transaction_event ADD COLUMN cost_details jsonb NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE transaction_event DROP COLUMN cost_details`);
    await queryRunner.query(`DROP TABLE tariff_catalog`);
  }
}
