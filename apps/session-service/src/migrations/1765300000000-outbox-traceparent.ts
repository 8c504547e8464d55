import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the change an outbox event records, so the relay publishes
 * `sessions.lifecycle.v1` in the trace of the station message that caused it (ADR 0021).
 */
export class OutboxTraceparent1765300000000 implements MigrationInterface {
  readonly name = 'OutboxTraceparent1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN traceparent text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN traceparent`);
  }
}
