import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** CSRs from SignCertificate. Stored with status Received; signing (and CertificateSigned) is a later issue. */
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
}
