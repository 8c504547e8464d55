import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChargingState, SessionAnomaly } from '../domain/session';
import { numericWh } from './numeric.transformer';

@Entity({ name: 'transaction_event' })
export class TransactionEventEntity {
  /** bigint: pg returns it as text. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId!: string;
  @Column({ type: 'integer', name: 'seq_no' }) seqNo!: number;
  @Column({ type: 'text', name: 'event_type' }) eventType!: 'Started' | 'Updated' | 'Ended';
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'text', name: 'trigger_reason' }) triggerReason!: string;
  @Column({ type: 'text', name: 'charging_state', nullable: true }) chargingState!: ChargingState | null;
  @Column({ type: 'boolean' }) offline!: boolean;
  @Column({ type: 'numeric', precision: 20, scale: 3, name: 'register_wh', nullable: true, transformer: numericWh }) registerWh!:
    number | null;
  @Column({ type: 'text', name: 'id_token', nullable: true }) idToken!: string | null;
  @Column({ type: 'text', name: 'id_token_type', nullable: true }) idTokenType!: string | null;
  @Column({ type: 'text', name: 'id_token_key', nullable: true }) idTokenKey!: string | null;
  @Column({ type: 'text', name: 'auth_status', nullable: true }) authStatus!: string | null;
  @Column({ type: 'integer', name: 'evse_id', nullable: true }) evseId!: number | null;
  @Column({ type: 'integer', name: 'connector_id', nullable: true }) connectorId!: number | null;
  @Column({ type: 'text', name: 'stopped_reason', nullable: true }) stoppedReason!: string | null;
  @Column({ type: 'integer', name: 'remote_start_id', nullable: true }) remoteStartId!: number | null;
  @Column({ type: 'integer', name: 'reservation_id', nullable: true }) reservationId!: number | null;
  @Column({ type: 'jsonb' }) anomalies!: SessionAnomaly[];
  /** The answer given to this event (idTokenInfo), repeated to a re-delivery. */
  @Column({ type: 'jsonb', nullable: true }) answer!: object | null;
  /** OCPP 2.1 costDetails: the cost the station calculated itself from the tariff it holds (I07–I12). */
  @Column({ type: 'jsonb', name: 'cost_details', nullable: true }) costDetails!: object | null;
  @Column({ type: 'text', name: 'message_id' }) messageId!: string;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt!: Date;
}
