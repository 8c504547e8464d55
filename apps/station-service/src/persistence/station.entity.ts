import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BootStatus } from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';

/** A charging station: identity from its BootNotification, policy, boot status and online state. */
@Entity({ name: 'station' })
export class StationEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  /** Created by an operator (credentials or policy), not only seen on the wire. */
  @Column({ type: 'boolean', default: false }) provisioned!: boolean;
  @Column({ name: 'boot_policy', type: 'text', nullable: true }) bootPolicy!: BootStatus | null;
  @Column({ name: 'boot_status', type: 'text', nullable: true }) bootStatus!: BootStatus | null;
  @Column({ name: 'boot_reason', type: 'text', nullable: true }) bootReason!: string | null;
  @Column({ name: 'last_boot_at', type: 'timestamptz', nullable: true }) lastBootAt!: Date | null;
  @Column({ type: 'text', nullable: true }) protocol!: OcppVersion | null;
  @Column({ type: 'text', nullable: true }) vendor!: string | null;
  @Column({ type: 'text', nullable: true }) model!: string | null;
  @Column({ name: 'serial_number', type: 'text', nullable: true }) serialNumber!: string | null;
  @Column({ name: 'firmware_version', type: 'text', nullable: true }) firmwareVersion!: string | null;
  @Column({ type: 'text', nullable: true }) iccid!: string | null;
  @Column({ type: 'text', nullable: true }) imsi!: string | null;
  @Column({ name: 'meter_type', type: 'text', nullable: true }) meterType!: string | null;
  @Column({ name: 'meter_serial_number', type: 'text', nullable: true }) meterSerialNumber!: string | null;
  @Column({ type: 'boolean', default: false }) online!: boolean;
  @Column({ name: 'connection_id', type: 'text', nullable: true }) connectionId!: string | null;
  @Column({ name: 'gateway_instance', type: 'text', nullable: true }) gatewayInstance!: string | null;
  @Column({ name: 'security_profile', type: 'smallint', nullable: true }) securityProfile!: number | null;
  @Column({ name: 'connected_at', type: 'timestamptz', nullable: true }) connectedAt!: Date | null;
  @Column({ name: 'disconnected_at', type: 'timestamptz', nullable: true }) disconnectedAt!: Date | null;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
  @Column({ name: 'firmware_status', type: 'text', nullable: true }) firmwareStatus!: string | null;
  @Column({ name: 'diagnostics_status', type: 'text', nullable: true }) diagnosticsStatus!: string | null;
  @Column({ name: 'log_status', type: 'text', nullable: true }) logStatus!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
