import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TokenStatus } from '@voltlane/authorization';

const bigintAsNumber = {
  to: (value: number): number => value,
  from: (value: string | number): number => Number(value),
};

/** An id token (1.6 idTag / 2.x idToken). `key` = `<type>:<VALUE>`, `id_tag_key` = `<VALUE>` (1.6 match). */
@Entity({ name: 'id_tokens' })
export class IdTokenEntity {
  @PrimaryColumn('text')
  key!: string;

  @Column('text', { name: 'id_tag_key' })
  idTagKey!: string;

  /** The value as entered. */
  @Column('text', { name: 'id_token' })
  idToken!: string;

  @Column('text')
  type!: string;

  @Column('text')
  status!: TokenStatus;

  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId!: string | null;

  @Column('timestamptz', { name: 'expiry_date', nullable: true })
  expiryDate!: Date | null;

  @Column('text', { name: 'group_id_token', nullable: true })
  groupIdToken!: string | null;

  @Column('text', { name: 'group_type', nullable: true })
  groupType!: string | null;

  @Column('integer', { name: 'max_active_sessions', nullable: true })
  maxActiveSessions!: number | null;

  /** From the `token_revision_seq` sequence, new on every change. */
  @Column('bigint', { transformer: bigintAsNumber })
  revision!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
