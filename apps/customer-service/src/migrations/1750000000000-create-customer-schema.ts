import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers, id tokens and the session→token usage read model. Unqualified names: search_path is the service schema. */
export class CreateCustomerSchema1750000000000 implements MigrationInterface {
  name = 'CreateCustomerSchema1750000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE SEQUENCE token_revision_seq`);
    await queryRunner.query(`
      CREATE TABLE id_tokens (
        key text PRIMARY KEY,
        id_tag_key text NOT NULL,
        id_token text NOT NULL CHECK (char_length(id_token) <= 36),
        type text NOT NULL CHECK (char_length(type) BETWEEN 1 AND 20),
        status text NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
        customer_id uuid NULL REFERENCES customers (id),
        expiry_date timestamptz NULL,
        group_id_token text NULL,
        group_type text NULL,
        max_active_sessions integer NULL CHECK (max_active_sessions >= 0),
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((group_id_token IS NULL) = (group_type IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX id_tokens_id_tag_key_idx ON id_tokens (id_tag_key)`);
    await queryRunner.query(`CREATE INDEX id_tokens_customer_id_idx ON id_tokens (customer_id)`);
    await queryRunner.query(`
      CREATE TABLE session_tokens (
        session_id text PRIMARY KEY,
        token_key text NULL,
        ended boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX session_tokens_active_idx ON session_tokens (token_key) WHERE NOT ended`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_tokens`);
    await queryRunner.query(`DROP TABLE id_tokens`);
    await queryRunner.query(`DROP SEQUENCE token_revision_seq`);
    await queryRunner.query(`DROP TABLE customers`);
  }
}
