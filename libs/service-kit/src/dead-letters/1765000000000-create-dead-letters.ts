import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeadLetters1765000000000 implements MigrationInterface {
  name = 'CreateDeadLetters1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY,
        group_id text NOT NULL,
        stage text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        record_offset text NOT NULL,
        record_key text NOT NULL,
        station_id text,
        action text,
        message_id text,
        code text NOT NULL,
        reason text NOT NULL,
        payload text NOT NULL,
        headers text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'redriven', 'discarded')),
        occurrences integer NOT NULL DEFAULT 1,
        redrive_count integer NOT NULL DEFAULT 0,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        redriven_at timestamptz,
        UNIQUE (group_id, stage, topic, partition, record_offset)
      )`);
    await queryRunner.query('CREATE INDEX dead_letters_status_failed ON dead_letters (status, last_failed_at DESC)');
    await queryRunner.query('CREATE INDEX dead_letters_station ON dead_letters (station_id, last_failed_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dead_letters');
  }
}
