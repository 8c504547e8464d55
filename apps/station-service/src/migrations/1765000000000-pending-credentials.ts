import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credential being rotated to (a new Basic-auth password, a higher security profile), stored
 * before the command that gives it to the station is sent; promoted once the station connects
 * with it (issue #17: rotation with no window).
 */
export class PendingCredentials1765000000000 implements MigrationInterface {
  name = 'PendingCredentials1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE station_credential
        ADD COLUMN pending_password_hash text,
        ADD COLUMN pending_certificate_subject text,
        ADD COLUMN pending_security_profile smallint,
        ADD COLUMN pending_since timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE station_credential
        DROP COLUMN pending_password_hash, DROP COLUMN pending_certificate_subject, DROP COLUMN pending_security_profile, DROP COLUMN pending_since`);
  }
}
