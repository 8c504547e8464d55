import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Events written in the same transaction as the state they describe, published afterwards (at least once). */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text', name: 'event_id' }) eventId!: string;
  @Column({ type: 'text' }) topic!: string;
  @Column({ type: 'text' }) key!: string;
  /** The serialized record value, stored as text so every re-publish is byte-identical. */
  @Column({ type: 'text' }) value!: string;
  /** The trace of the change that wrote it (W3C `traceparent`), sent with the record. */
  @Column({ type: 'text', nullable: true }) traceparent!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt!: Date | null;
}
