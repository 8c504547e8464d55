import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * CSRs from SignCertificate and what became of them (see certificates/certificate-signing.service.ts):
 * Received (no CA configured) | Rejected (reason, detail) | Accepted → Signed → Installed | InstallRejected | SendFailed.
 */
@Entity({ name: 'certificate_signing_request' })
export class CertificateSigningRequestEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) protocol!: string;
  @Column({ type: 'text' }) csr!: string;
  @Column({ name: 'certificate_type', type: 'text', nullable: true }) certificateType!: string | null;
  @Column({ name: 'request_id', type: 'integer', nullable: true }) requestId!: number | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
  @Column({ type: 'text', nullable: true }) certificate!: string | null;
  @Column({ name: 'serial_number', type: 'text', nullable: true }) serialNumber!: string | null;
  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true }) signedAt!: Date | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
}
