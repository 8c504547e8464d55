import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** SecurityEventNotification reports. */
@Entity({ name: 'security_event' })
export class SecurityEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'event_at', type: 'timestamptz' }) eventAt!: Date;
  @Column({ name: 'tech_info', type: 'text', nullable: true }) techInfo!: string | null;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
