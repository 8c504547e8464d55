import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing stations' CSRs: why a request was rejected, the certificate issued for it, and the
 * station's answer to CertificateSigned. `status` goes Received (no CA configured) | Rejected |
 * Accepted → Signed → Installed | InstallRejected | SendFailed.
 */
export class CertificateSigning1764200000002 implements MigrationInterface {
  name = 'CertificateSigning1764200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE certificate_signing_request
        ADD COLUMN reason text,
        ADD COLUMN detail text,
        ADD COLUMN certificate text,
        ADD COLUMN serial_number text,
        ADD COLUMN signed_at timestamptz,
        ADD COLUMN answered_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE certificate_signing_request
        DROP COLUMN reason, DROP COLUMN detail, DROP COLUMN certificate, DROP COLUMN serial_number, DROP COLUMN signed_at, DROP COLUMN answered_at`);
  }
}
