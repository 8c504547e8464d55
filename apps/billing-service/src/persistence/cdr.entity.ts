import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An issued CDR. `payload` is the exact published text (not jsonb, which would reorder keys), so a
 * re-publication is byte-identical. One per session: `cdr_id` derives from `session_id`, both unique.
 */
@Entity({ name: 'cdrs' })
export class CdrEntity {
  @PrimaryColumn('uuid', { name: 'cdr_id' }) cdrId!: string;
  @Column('uuid', { name: 'session_id', unique: true }) sessionId!: string;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('text') payload!: string;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('integer', { name: 'publish_count' }) publishCount!: number;
}
