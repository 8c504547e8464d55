import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every BootNotification and the status it was answered with. */
@Entity({ name: 'boot_notification' })
export class BootNotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) protocol!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
