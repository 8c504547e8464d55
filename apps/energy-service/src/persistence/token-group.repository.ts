import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import { rowsOf, type Queryable } from './sql-values';

/** The group of an id token as priority rules name it: its group token's value, upper-cased; null when it has none. */
export function groupKeyOf(snapshot: Pick<CustomerTokenSnapshot, 'groupIdToken'>): string | null {
  return snapshot.groupIdToken ? snapshot.groupIdToken.idToken.toUpperCase() : null;
}

/** The `token_groups` table: id token key → customer group (customers.tokens.v1), for priority rules. */
export class TokenGroupRepository {
  constructor(private readonly db: Queryable) {}

  /** Keeps the latest snapshot per token (an older one changes nothing); a deleted token is removed. */
  async apply(snapshot: CustomerTokenSnapshot): Promise<void> {
    if (snapshot.deleted) {
      await this.db.query('DELETE FROM token_groups WHERE id_token_key = $1 AND updated_at <= $2', [snapshot.key, snapshot.updatedAt]);
      return;
    }
    await this.db.query(
      `INSERT INTO token_groups (id_token_key, group_key, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (id_token_key) DO UPDATE SET group_key = excluded.group_key, updated_at = excluded.updated_at
       WHERE token_groups.updated_at <= excluded.updated_at`,
      [snapshot.key, groupKeyOf(snapshot), snapshot.updatedAt],
    );
  }

  /** The group of each of these tokens that has one. */
  async groupsOf(tokenKeys: readonly string[]): Promise<Map<string, string>> {
    if (tokenKeys.length === 0) return new Map();
    const rows = rowsOf<{ id_token_key: string; group_key: string }>(
      await this.db.query('SELECT id_token_key, group_key FROM token_groups WHERE id_token_key = ANY ($1) AND group_key IS NOT NULL', [
        tokenKeys,
      ]),
    );
    return new Map(rows.map((r) => [r.id_token_key, r.group_key]));
  }
}
