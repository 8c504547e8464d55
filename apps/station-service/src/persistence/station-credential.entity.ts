import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a station authenticates (the source of truth for the gateway's Redis credential store). */
@Entity({ name: 'station_credential' })
export class StationCredentialEntity {
  @PrimaryColumn({ name: 'station_id', type: 'text' }) stationId!: string;
  /** scrypt hash (hashSecret); the password itself is never stored. */
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash!: string | null;
  @Column({ name: 'certificate_subject', type: 'text', nullable: true }) certificateSubject!: string | null;
  @Column({ name: 'security_profile', type: 'smallint' }) securityProfile!: number;
  /** The credential being rotated to (see StationCredential.pending): all four set, or none. */
  @Column({ name: 'pending_password_hash', type: 'text', nullable: true }) pendingPasswordHash!: string | null;
  @Column({ name: 'pending_certificate_subject', type: 'text', nullable: true }) pendingCertificateSubject!: string | null;
  @Column({ name: 'pending_security_profile', type: 'smallint', nullable: true }) pendingSecurityProfile!: number | null;
  @Column({ name: 'pending_since', type: 'timestamptz', nullable: true }) pendingSince!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
