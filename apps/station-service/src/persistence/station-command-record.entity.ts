import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A CSMS→station command whose answer the station-service keeps: UpdateFirmware,
 * SignedUpdateFirmware, GetDiagnostics, GetLog, PublishFirmware, UnpublishFirmware, Reset and
 * the certificate actions. Status notifications link to it by requestId (or, for 1.6 without
 * one, by time).
 */
@Entity({ name: 'station_command_record' })
export class StationCommandRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ name: 'correlation_id', type: 'text' }) correlationId!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text', nullable: true }) protocol!: string | null;
  @Column({ name: 'request_id', type: 'integer', nullable: true }) requestId!: number | null;
  @Column({ name: 'file_name', type: 'text', nullable: true }) fileName!: string | null;
  /** The `status` of the station's answer (null when the answer has none). */
  @Column({ type: 'text', nullable: true }) status!: string | null;
  @Column({ type: 'jsonb' }) request!: object;
  @Column({ type: 'jsonb', nullable: true }) response!: object | null;
  @Column({ name: 'sent_by', type: 'text' }) sentBy!: string;
  @Column({ name: 'sent_at', type: 'timestamptz' }) sentAt!: Date;
  @Column({ name: 'answered_at', type: 'timestamptz' }) answeredAt!: Date;
}
