import type { DataSource } from 'typeorm';
import { RecentMap, assertColumnBounds } from '@voltlane/service-kit';
import { SessionTokenEntity } from './session-token.entity';

/** I/O for the session→token usage read model (ConcurrentTx). Idempotent writes. */
export class SessionTokenRepository {
  /** What this process last stored per session (token, ended): the Updated events of a session repeat it. */
  private readonly stored = new RecentMap<string, { tokenKey: string | null; ended: boolean }>(50_000);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records that the session runs (or ran, when `ended`) under `tokenKey`; an ended session never
   * becomes active again. A write that would change neither the token nor `ended` of what this
   * process stored last is skipped (`updated_at` is the time of the last change).
   */
  async record(sessionId: string, tokenKey: string | null, ended: boolean, at: Date): Promise<void> {
    const last = this.stored.get(sessionId);
    if (last && (tokenKey === null || tokenKey === last.tokenKey) && (!ended || last.ended)) return;
    // A raw upsert: the column-bounds subscriber does not see it, so the values are checked here.
    assertColumnBounds(this.dataSource, SessionTokenEntity, { sessionId, tokenKey, ended, updatedAt: at });
    await this.dataSource.query(
      `INSERT INTO session_tokens (session_id, token_key, ended, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id) DO UPDATE SET
         token_key = COALESCE(EXCLUDED.token_key, session_tokens.token_key),
         ended = session_tokens.ended OR EXCLUDED.ended,
         updated_at = GREATEST(session_tokens.updated_at, EXCLUDED.updated_at)`,
      [sessionId, tokenKey, ended, at],
    );
    this.stored.set(sessionId, { tokenKey: tokenKey ?? last?.tokenKey ?? null, ended: ended || (last?.ended ?? false) });
  }

  /** Sessions not ended whose token key is one of `keys`. */
  async countActive(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    for (const tokenKey of keys) assertColumnBounds(this.dataSource, SessionTokenEntity, { tokenKey });
    const rows: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM session_tokens WHERE NOT ended AND token_key = ANY($1::text[])`,
      [keys],
    );
    return Number(rows[0]?.count ?? 0);
  }
}
