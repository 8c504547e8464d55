import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Firmware status reports: 1.6 FirmwareStatusNotification / SignedFirmwareStatusNotification, 2.x FirmwareStatusNotification / PublishFirmwareStatusNotification (kind tells which). */
@Entity({ name: 'firmware_status_history' })
export class FirmwareStatusHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) kind!: 'Firmware' | 'SignedFirmware' | 'PublishFirmware';
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'request_id', type: 'integer', nullable: true }) requestId!: number | null;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
