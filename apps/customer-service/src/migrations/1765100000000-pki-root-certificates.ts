import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The CSMS-side trust store of ISO 15118 roots (V2G and MO) that contract chains are validated against. */
export class PkiRootCertificates1765100000000 implements MigrationInterface {
  name = 'PkiRootCertificates1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pki_root_certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        certificate_type text NOT NULL,
        certificate_pem text NOT NULL,
        fingerprint_sha256 text NOT NULL,
        subject text NOT NULL,
        serial_number text NOT NULL,
        issuer_name_hash text NOT NULL,
        issuer_key_hash text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pki_root_certificates_unique UNIQUE (certificate_type, fingerprint_sha256)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pki_root_certificates`);
  }
}
