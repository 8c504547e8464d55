import type { MigrationInterface, QueryRunner } from 'typeorm';

/** sessionId → (station, transaction reference), from sessions.lifecycle.v1, to serve samples by session. */
export class CreateSessionRefs1764100000000 implements MigrationInterface {
  readonly name = 'CreateSessionRefs1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE session_refs (
        session_id uuid PRIMARY KEY,
        station_id text NOT NULL,
        transaction_ref text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_refs`);
  }
}
