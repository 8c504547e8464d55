import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** LogStatusNotification reports (1.6 security extension, 2.x). */
@Entity({ name: 'log_status_history' })
export class LogStatusHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'request_id', type: 'integer', nullable: true }) requestId!: number | null;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
