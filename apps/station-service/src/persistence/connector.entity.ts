import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A connector's current status. 2.x: (evseId, connectorId); 1.6 has no EVSE level, so its
 * connectors are stored with evseId 0 (connectorId 0 = the whole charge point).
 */
@Entity({ name: 'connector' })
export class ConnectorEntity {
  @PrimaryColumn({ name: 'station_id', type: 'text' }) stationId!: string;
  @PrimaryColumn({ name: 'evse_id', type: 'integer' }) evseId!: number;
  @PrimaryColumn({ name: 'connector_id', type: 'integer' }) connectorId!: number;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'error_code', type: 'text', nullable: true }) errorCode!: string | null;
  @Column({ type: 'text', nullable: true }) info!: string | null;
  @Column({ name: 'vendor_error_code', type: 'text', nullable: true }) vendorErrorCode!: string | null;
  @Column({ type: 'text' }) source!: string;
  @Column({ name: 'status_at', type: 'timestamptz' }) statusAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
