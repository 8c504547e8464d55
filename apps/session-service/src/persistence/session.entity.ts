import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OcppVersion } from '@voltlane/ocpp';
import type { ChargingPeriod, ChargingState, SessionAnomaly, SessionStatus } from '../domain/session';
import { numericWh } from './numeric.transformer';

@Entity({ name: 'session' })
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) protocol!: OcppVersion;
  @Column({ type: 'text', name: 'station_id' }) stationId!: string;
  @Column({ type: 'text', name: 'transaction_ref' }) transactionRef!: string;
  @Column({ type: 'integer', name: 'transaction_id', nullable: true }) transactionId!: number | null;
  @Column({ type: 'text', name: 'natural_key' }) naturalKey!: string;
  @Column({ type: 'integer', name: 'connector_id', nullable: true }) connectorId!: number | null;
  @Column({ type: 'integer', name: 'evse_id', nullable: true }) evseId!: number | null;
  @Column({ type: 'text', name: 'id_token', nullable: true }) idToken!: string | null;
  @Column({ type: 'text', name: 'id_token_type', nullable: true }) idTokenType!: string | null;
  @Column({ type: 'text', name: 'id_token_key', nullable: true }) idTokenKey!: string | null;
  @Column({ type: 'text', name: 'auth_status', nullable: true }) authStatus!: string | null;
  @Column({ type: 'text' }) status!: SessionStatus;
  @Column({ type: 'timestamptz', name: 'started_at' }) startedAt!: Date;
  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column({ type: 'numeric', precision: 20, scale: 3, name: 'meter_start_wh', nullable: true, transformer: numericWh }) meterStartWh!:
    number | null;
  @Column({ type: 'numeric', precision: 20, scale: 3, name: 'meter_stop_wh', nullable: true, transformer: numericWh }) meterStopWh!:
    number | null;
  @Column({ type: 'numeric', precision: 20, scale: 3, name: 'energy_wh', transformer: numericWh }) energyWh!: number;
  @Column({ type: 'text', name: 'charging_state', nullable: true }) chargingState!: ChargingState | null;
  @Column({ type: 'integer', name: 'charging_seconds' }) chargingSeconds!: number;
  @Column({ type: 'integer', name: 'idle_seconds' }) idleSeconds!: number;
  @Column({ type: 'jsonb', name: 'charging_periods' }) chargingPeriods!: ChargingPeriod[];
  @Column({ type: 'text', name: 'stopped_reason', nullable: true }) stoppedReason!: string | null;
  @Column({ type: 'integer', name: 'reservation_id', nullable: true }) reservationId!: number | null;
  @Column({ type: 'integer', name: 'remote_start_id', nullable: true }) remoteStartId!: number | null;
  @Column({ type: 'boolean' }) offline!: boolean;
  @Column({ type: 'integer', name: 'last_seq_no', nullable: true }) lastSeqNo!: number | null;
  @Column({ type: 'jsonb' }) anomalies!: SessionAnomaly[];
  /** The answer given when the session was created (1.6 idTagInfo), repeated to a retry. */
  @Column({ type: 'jsonb', nullable: true }) answer!: object | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
