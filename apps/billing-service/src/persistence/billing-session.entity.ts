import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest state billing knows of a session (from sessions.lifecycle.v1), for running costs. */
@Entity({ name: 'billing_sessions' })
export class BillingSessionEntity {
  @PrimaryColumn('uuid', { name: 'session_id' }) sessionId!: string;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('text') protocol!: string;
  @Column('text', { name: 'transaction_ref' }) transactionRef!: string;
  @Column('text', { name: 'id_token_key', nullable: true }) idTokenKey!: string | null;
  @Column('integer', { name: 'connector_id', nullable: true }) connectorId!: number | null;
  @Column('integer', { name: 'evse_id', nullable: true }) evseId!: number | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column('numeric', { name: 'energy_wh', precision: 18, scale: 3 }) energyWh!: string;
  @Column('integer', { name: 'charging_seconds' }) chargingSeconds!: number;
  @Column('integer', { name: 'idle_seconds' }) idleSeconds!: number;
  @Column('jsonb') anomalies!: string[];
  @Column('text') status!: 'Active' | 'Ended';
  @Column('timestamptz', { name: 'last_occurred_at' }) lastOccurredAt!: Date;
  /** Running cost as of the last event (CostBreakdown JSON); queries recompute it up to now. */
  @Column('jsonb', { name: 'running_cost', nullable: true }) runningCost!: unknown;
  /** When the next CostUpdated to the station is due (null: the session start + the interval). */
  @Column('timestamptz', { name: 'cost_update_due_at', nullable: true }) costUpdateDueAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
