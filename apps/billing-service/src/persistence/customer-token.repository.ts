import type { DataSource } from 'typeorm';
import { assertColumnBounds } from '@voltlane/service-kit';
import { CustomerTokenEntity } from './customer-token.entity';

export interface CustomerOfToken {
  customerId: string | null;
  customerGroup: string | null;
}

export interface TokenSnapshotRow extends CustomerOfToken {
  key: string;
  revision: number;
  deleted: boolean;
  updatedAt: Date;
}

export class CustomerTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps, per key, the snapshot with the highest revision (re-deliveries and reordering are harmless). */
  async apply(row: TokenSnapshotRow): Promise<void> {
    // A raw upsert fed by customers.tokens.v1: checked against the customer_tokens columns first.
    assertColumnBounds(this.dataSource, CustomerTokenEntity, { ...row });
    await this.dataSource.query(
      `INSERT INTO customer_tokens AS t (key, customer_id, customer_group, revision, deleted, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO UPDATE SET customer_id = excluded.customer_id, customer_group = excluded.customer_group,
         revision = excluded.revision, deleted = excluded.deleted, updated_at = excluded.updated_at
       WHERE excluded.revision > t.revision`,
      [row.key, row.customerId, row.customerGroup, row.revision, row.deleted, row.updatedAt],
    );
  }

  /** The customer of a token key; a deleted token still names its customer (the session happened). */
  async find(key: string): Promise<CustomerOfToken | null> {
    assertColumnBounds(this.dataSource, CustomerTokenEntity, { key });
    const row = await this.dataSource.getRepository(CustomerTokenEntity).findOneBy({ key });
    return row ? { customerId: row.customerId, customerGroup: row.customerGroup } : null;
  }
}
