import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignedMeterData } from '@voltlane/metering-domain';

/** One stored, normalized sampled value (table created by CreateMeterSamples). */
@Entity({ name: 'meter_samples' })
export class MeterSampleEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'station_id', type: 'text' })
  stationId!: string;

  @Column({ type: 'text' })
  protocol!: string;

  @Column({ name: 'transaction_ref', type: 'text', nullable: true })
  transactionRef!: string | null;

  @Column({ name: 'evse_id', type: 'integer', nullable: true })
  evseId!: number | null;

  @Column({ name: 'connector_id', type: 'integer', nullable: true })
  connectorId!: number | null;

  @Column({ name: 'sampled_at', type: 'timestamptz', precision: 3 })
  sampledAt!: Date;

  @Column({ type: 'text' })
  measurand!: string;

  @Column({ type: 'text', nullable: true })
  phase!: string | null;

  @Column({ type: 'text' })
  location!: string;

  @Column({ type: 'text' })
  context!: string;

  @Column({ type: 'text' })
  unit!: string;

  /** Decimal string as PostgreSQL returns numeric; never converted to a float. */
  @Column({ type: 'numeric', precision: 24, scale: 6, nullable: true })
  value!: string | null;

  @Column({ name: 'raw_value', type: 'text' })
  rawValue!: string;

  @Column({ type: 'jsonb', nullable: true })
  signed!: SignedMeterData | null;

  @Column({ type: 'text', nullable: true })
  invalid!: string | null;

  @Column({ name: 'source_action', type: 'text' })
  sourceAction!: string;

  @Column({ name: 'source_message_id', type: 'text' })
  sourceMessageId!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
