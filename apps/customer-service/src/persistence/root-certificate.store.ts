import type { DataSource } from 'typeorm';

export type RootCertificateType = 'V2GRootCertificate' | 'MORootCertificate';
export const ROOT_CERTIFICATE_TYPES: readonly RootCertificateType[] = ['V2GRootCertificate', 'MORootCertificate'];

export interface RootCertificateRow {
  id: string;
  certificateType: RootCertificateType;
  certificatePem: string;
  fingerprintSha256: string;
  subject: string;
  serialNumber: string;
  issuerNameHash: string;
  issuerKeyHash: string;
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
}

export type NewRootCertificate = Omit<RootCertificateRow, 'id' | 'createdAt'>;

const COLUMNS = `id, certificate_type AS "certificateType", certificate_pem AS "certificatePem", fingerprint_sha256 AS "fingerprintSha256",
  subject, serial_number AS "serialNumber", issuer_name_hash AS "issuerNameHash", issuer_key_hash AS "issuerKeyHash",
  not_before AS "notBefore", not_after AS "notAfter", created_at AS "createdAt"`;

/** The pki_root_certificates table (I/O only). */
export class RootCertificateStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the root; null when the same certificate is already installed for that type. */
  async insert(row: NewRootCertificate): Promise<RootCertificateRow | null> {
    const rows = await this.dataSource.query<RootCertificateRow[]>(
      `INSERT INTO pki_root_certificates (certificate_type, certificate_pem, fingerprint_sha256, subject, serial_number, issuer_name_hash, issuer_key_hash, not_before, not_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (certificate_type, fingerprint_sha256) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        row.certificateType,
        row.certificatePem,
        row.fingerprintSha256,
        row.subject,
        row.serialNumber,
        row.issuerNameHash,
        row.issuerKeyHash,
        row.notBefore,
        row.notAfter,
      ],
    );
    return rows[0] ?? null;
  }

  async findByFingerprint(certificateType: RootCertificateType, fingerprintSha256: string): Promise<RootCertificateRow | null> {
    const rows = await this.dataSource.query<RootCertificateRow[]>(
      `SELECT ${COLUMNS} FROM pki_root_certificates WHERE certificate_type = $1 AND fingerprint_sha256 = $2`,
      [certificateType, fingerprintSha256],
    );
    return rows[0] ?? null;
  }

  async list(certificateType?: RootCertificateType): Promise<RootCertificateRow[]> {
    return certificateType
      ? this.dataSource.query<RootCertificateRow[]>(
          `SELECT ${COLUMNS} FROM pki_root_certificates WHERE certificate_type = $1 ORDER BY created_at, id`,
          [certificateType],
        )
      : this.dataSource.query<RootCertificateRow[]>(`SELECT ${COLUMNS} FROM pki_root_certificates ORDER BY created_at, id`);
  }

  /** True when a row was deleted. */
  async delete(id: string): Promise<boolean> {
    // A CTE so that the driver returns rows (a bare DELETE answers [rows, count]).
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH deleted AS (DELETE FROM pki_root_certificates WHERE id = $1 RETURNING id) SELECT id FROM deleted`,
      [id],
    );
    return rows.length > 0;
  }
}
