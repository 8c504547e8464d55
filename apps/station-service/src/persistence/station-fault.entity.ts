import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StationFaultResolver, StationFaultSource, StationFaultState } from '@voltlane/contracts';

/** A fault of a station (or one of its connectors): open until the station or an operator resolves it. */
@Entity({ name: 'station_fault' })
export class StationFaultEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ name: 'evse_id', type: 'integer', default: 0 }) evseId!: number;
  @Column({ name: 'connector_id', type: 'integer', default: 0 }) connectorId!: number;
  @Column({ type: 'text' }) source!: StationFaultSource;
  @Column({ type: 'text' }) code!: string;
  @Column({ name: 'vendor_code', type: 'text', nullable: true }) vendorCode!: string | null;
  @Column({ type: 'text', nullable: true }) info!: string | null;
  @Column({ type: 'text', nullable: true }) protocol!: string | null;
  @Column({ type: 'text' }) state!: StationFaultState;
  @Column({ name: 'first_seen_at', type: 'timestamptz' }) firstSeenAt!: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt!: Date;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolved_by', type: 'text', nullable: true }) resolvedBy!: StationFaultResolver | null;
  @Column({ type: 'integer', default: 1 }) occurrences!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** Which report (frame and part of it) opened or refreshed a fault: a re-delivered frame counts once. */
@Entity({ name: 'station_fault_report' })
export class StationFaultReportEntity {
  @Column({ name: 'station_id', type: 'text', primary: true }) stationId!: string;
  @Column({ name: 'connection_id', type: 'text', primary: true }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text', primary: true }) messageId!: string;
  @Column({ type: 'text', primary: true }) part!: string;
  @Column({ name: 'fault_id', type: 'bigint' }) faultId!: string;
}
