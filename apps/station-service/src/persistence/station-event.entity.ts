import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One 2.x NotifyEvent eventData entry. */
@Entity({ name: 'station_event' })
export class StationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ name: 'event_id', type: 'integer' }) eventId!: number;
  @Column({ name: 'event_at', type: 'timestamptz' }) eventAt!: Date;
  @Column({ type: 'text' }) trigger!: string;
  @Column({ type: 'integer', nullable: true }) cause!: number | null;
  @Column({ name: 'actual_value', type: 'text' }) actualValue!: string;
  @Column({ name: 'tech_code', type: 'text', nullable: true }) techCode!: string | null;
  @Column({ name: 'tech_info', type: 'text', nullable: true }) techInfo!: string | null;
  @Column({ type: 'boolean', nullable: true }) cleared!: boolean | null;
  @Column({ name: 'transaction_id', type: 'text', nullable: true }) transactionId!: string | null;
  @Column({ name: 'component_name', type: 'text' }) componentName!: string;
  @Column({ name: 'variable_name', type: 'text' }) variableName!: string;
  @Column({ name: 'event_notification_type', type: 'text' }) eventNotificationType!: string;
  @Column({ type: 'jsonb' }) data!: object;
  @Column({ name: 'generated_at', type: 'timestamptz' }) generatedAt!: Date;
  @Column({ name: 'seq_no', type: 'integer' }) seqNo!: number;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'connection_id', type: 'text' }) connectionId!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}
