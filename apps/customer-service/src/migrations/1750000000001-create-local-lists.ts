import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local authorization lists per station (the list the station holds, as last accepted) and the
 * command results already applied (idempotency: one row per correlation id).
 */
export class CreateLocalLists1750000000001 implements MigrationInterface {
  name = 'CreateLocalLists1750000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE local_lists (
        station_id text PRIMARY KEY,
        version integer NOT NULL DEFAULT 0,
        protocol text NULL,
        entries jsonb NOT NULL DEFAULT '[]',
        last_update_type text NULL,
        last_status text NULL,
        last_requested_version integer NULL,
        last_command_at timestamptz NULL,
        reported_version integer NULL,
        reported_at timestamptz NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE local_list_commands (
        correlation_id text PRIMARY KEY,
        station_id text NOT NULL,
        action text NOT NULL,
        status text NULL,
        list_version integer NULL,
        answered_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX local_list_commands_station_idx ON local_list_commands (station_id, answered_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE local_list_commands`);
    await queryRunner.query(`DROP TABLE local_lists`);
  }
}
