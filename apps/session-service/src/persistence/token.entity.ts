import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CustomerTokenSnapshot } from '@voltlane/contracts';

/** Read model of `customers.tokens.v1`: the latest snapshot per token key. */
@Entity({ name: 'token' })
export class TokenEntity {
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'text', name: 'id_tag_key' }) idTagKey!: string;
  @Column({ type: 'jsonb' }) snapshot!: CustomerTokenSnapshot;
  /** bigint: pg returns it as text. */
  @Column({ type: 'bigint' }) revision!: string;
  @Column({ type: 'boolean' }) deleted!: boolean;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
