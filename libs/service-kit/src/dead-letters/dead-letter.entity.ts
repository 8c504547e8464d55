import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { DeadLetterStatus } from '../consuming/dead-letter';

/** A record a consumer group could never process as it is, kept for an operator to see and re-drive. */
@Entity({ name: 'dead_letters' })
export class DeadLetterEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'group_id' }) groupId!: string;
  @Column('text') stage!: string;
  @Column('text') topic!: string;
  @Column('integer') partition!: number;
  @Column('text', { name: 'record_offset' }) recordOffset!: string;
  @Column('text', { name: 'record_key' }) recordKey!: string;
  @Column('text', { name: 'station_id', nullable: true }) stationId!: string | null;
  @Column('text', { nullable: true }) action!: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId!: string | null;
  @Column('text') code!: string;
  @Column('text') reason!: string;
  @Column('text') payload!: string;
  @Column('text') headers!: string;
  @Column('text') status!: DeadLetterStatus;
  @Column('integer') occurrences!: number;
  @Column('integer', { name: 'redrive_count' }) redriveCount!: number;
  @Column('timestamptz', { name: 'first_failed_at' }) firstFailedAt!: Date;
  @Column('timestamptz', { name: 'last_failed_at' }) lastFailedAt!: Date;
  @Column('timestamptz', { name: 'redriven_at', nullable: true }) redrivenAt!: Date | null;
}
