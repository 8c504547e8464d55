import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A TypeORM migration class for a test schema from its SQL statements: `name` must end in the
 * migration's 13-digit timestamp (TypeORM orders and records migrations by it).
 */
export function sqlMigration(name: string, up: readonly string[], down: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    async up(runner: QueryRunner): Promise<void> {
      for (const statement of up) await runner.query(statement);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(down);
    }
  };
}
