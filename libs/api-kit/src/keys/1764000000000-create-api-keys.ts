import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1764000000000 implements MigrationInterface {
  name = 'CreateApiKeys1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
        key_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
  }
}
