import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A consumed record billing could not process (dead letter), kept for an operator to re-drive. */
@Entity({ name: 'billing_failures' })
export class BillingFailureEntity {
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text') topic!: string;
  @Column('text') code!: string;
  @Column('text') message!: string;
  @Column('text') payload!: string;
  @Column('timestamptz', { name: 'failed_at' }) failedAt!: Date;
}
