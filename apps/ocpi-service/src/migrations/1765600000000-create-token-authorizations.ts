import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * token_authorizations: each ALLOWED answer of a real-time authorization (an eMSP asked about a
 * token at a station): its authorization_reference and until when it holds, so that the session
 * that follows is pushed with auth_method AUTH_REQUEST and that reference.
 */
export class CreateTokenAuthorizations1765600000000 implements MigrationInterface {
  readonly name = 'CreateTokenAuthorizations1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE token_authorizations (
        authorization_id bigserial PRIMARY KEY,
        country_code char(2) NOT NULL,
        party_id text NOT NULL,
        uid text NOT NULL,
        station_id text NOT NULL,
        authorization_reference text NULL,
        authorized_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX token_authorizations_uid_station ON token_authorizations (upper(uid), station_id, authorized_at DESC);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE token_authorizations');
  }
}
