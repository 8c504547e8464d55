import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UploadKind, UploadState } from '../domain/upload-slot-rules';

const bigintNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * An upload slot: the URL Voltlane gave a station for the file of a GetDiagnostics (1.6) or GetLog
 * (1.6 security, 2.x) request, and, once the station has uploaded, the stored file.
 */
@Entity({ name: 'station_upload' })
export class StationUploadEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) kind!: UploadKind;
  /** GetLog's requestId (null for GetDiagnostics). */
  @Column({ name: 'request_id', type: 'integer', nullable: true }) requestId!: number | null;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'max_bytes', type: 'bigint', transformer: bigintNumber }) maxBytes!: number;
  @Column({ type: 'text' }) state!: UploadState;
  /** The station's answer to the request (Accepted, Rejected, … ; `{}` of 1.6 GetDiagnostics is Accepted). */
  @Column({ name: 'request_status', type: 'text', nullable: true }) requestStatus!: string | null;
  /** The file name the station announced in its answer (GetDiagnostics fileName / GetLog filename). */
  @Column({ name: 'announced_file_name', type: 'text', nullable: true }) announcedFileName!: string | null;
  @Column({ name: 'file_key', type: 'text', nullable: true }) fileKey!: string | null;
  @Column({ name: 'file_name', type: 'text', nullable: true }) fileName!: string | null;
  @Column({ name: 'content_type', type: 'text', nullable: true }) contentType!: string | null;
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber }) size!: number | null;
  @Column({ type: 'text', nullable: true }) sha256!: string | null;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt!: Date | null;
}
