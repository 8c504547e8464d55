import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 1.6 DiagnosticsStatusNotification reports. */
@Entity({ name: 'diagnostics_status_history' })
export class DiagnosticsStatusHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
