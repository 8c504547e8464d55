import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The seeded default tariff and its assignment; fixed ids so every installation agrees. */
export const DEFAULT_TARIFF_ID = '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60';
export const DEFAULT_ASSIGNMENT_ID = '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f61';

/**
 * Default tariff: 0.35 EUR/kWh net, 19 % tax, Europe/Berlin, no time or idle charges, valid from
 * 2000 on, assigned as the default. Operators change prices by adding a version or assigning
 * another tariff (a later issue makes the seed itself configurable).
 */
export class SeedDefaultTariff1761000000001 implements MigrationInterface {
  readonly name = 'SeedDefaultTariff1761000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO tariffs (id, version, name, currency, time_zone, energy_per_kwh, charging_per_minute, idle_per_minute,
                            idle_grace_minutes, session_fee, bands, tax_rate_percent, rounding, valid_from, valid_to)
       VALUES ($1, 1, 'Default', 'EUR', 'Europe/Berlin', 0.35, 0, 0, 0, 0, '[]', 19, 'HALF_UP', '2000-01-01T00:00:00Z', NULL)`,
      [DEFAULT_TARIFF_ID],
    );
    await queryRunner.query(
      `INSERT INTO tariff_assignments (id, tariff_id, scope, valid_from) VALUES ($1, $2, 'default', '2000-01-01T00:00:00Z')`,
      [DEFAULT_ASSIGNMENT_ID, DEFAULT_TARIFF_ID],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM tariff_assignments WHERE id = $1`, [DEFAULT_ASSIGNMENT_ID]);
    await queryRunner.query(`DELETE FROM tariffs WHERE id = $1`, [DEFAULT_TARIFF_ID]);
  }
}
