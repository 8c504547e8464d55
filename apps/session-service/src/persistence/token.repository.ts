import type { DataSource, EntityManager } from 'typeorm';
import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import { TokenEntity } from './token.entity';

/** I/O of the token read model. */
export class TokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps, per key, the snapshot with the highest revision (re-deliveries and stale records change nothing). */
  async apply(snapshot: CustomerTokenSnapshot): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO token (key, id_tag_key, snapshot, revision, deleted) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET id_tag_key = EXCLUDED.id_tag_key, snapshot = EXCLUDED.snapshot,
         revision = EXCLUDED.revision, deleted = EXCLUDED.deleted, updated_at = now()
       WHERE token.revision < EXCLUDED.revision`,
      [snapshot.key, snapshot.idTagKey, JSON.stringify(snapshot), snapshot.revision, snapshot.deleted],
    );
  }

  async findByKey(m: EntityManager, key: string): Promise<CustomerTokenSnapshot | null> {
    const row = await m.findOne(TokenEntity, { where: { key, deleted: false } });
    return row?.snapshot ?? null;
  }

  /** Every live token whose value matches a 1.6 idTag (any type). */
  async findByIdTagKey(m: EntityManager, idTagKey: string): Promise<CustomerTokenSnapshot[]> {
    const rows = await m.find(TokenEntity, { where: { idTagKey, deleted: false } });
    return rows.map((r) => r.snapshot);
  }
}
