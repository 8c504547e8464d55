import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The station tariff command results already applied, by correlation id. A billing-sent result is
 * applied twice: by the sender before its HTTP answer, and again from ocpp.commands.v1. The second
 * apply could come after a newer result and bring back what that one changed (a replayed GetTariffs
 * after a ClearTariffs); with this key it changes nothing.
 */
export class StationTariffResultsApplied1767000000000 implements MigrationInterface {
  readonly name = 'StationTariffResultsApplied1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE station_tariff_results_applied (
         correlation_id text PRIMARY KEY,
         station_id text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE station_tariff_results_applied`);
  }
}
