import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Station DataTransfer requests and the status they were answered with. */
@Entity({ name: 'data_transfer_request' })
export class DataTransferRequestEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ name: 'vendor_id', type: 'text' }) vendorId!: string;
  @Column({ name: 'data_message_id', type: 'text', nullable: true }) dataMessageId!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
