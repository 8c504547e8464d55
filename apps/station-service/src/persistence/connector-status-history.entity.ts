import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every status report, applied or not (a late older report is kept here only). */
@Entity({ name: 'connector_status_history' })
export class ConnectorStatusHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ name: 'evse_id', type: 'integer' }) evseId!: number;
  @Column({ name: 'connector_id', type: 'integer' }) connectorId!: number;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'error_code', type: 'text', nullable: true }) errorCode!: string | null;
  @Column({ type: 'text', nullable: true }) info!: string | null;
  @Column({ name: 'vendor_error_code', type: 'text', nullable: true }) vendorErrorCode!: string | null;
  @Column({ type: 'text' }) source!: string;
  @Column({ name: 'status_at', type: 'timestamptz' }) statusAt!: Date;
  @Column({ type: 'boolean' }) applied!: boolean;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
