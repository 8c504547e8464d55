import type { DataSource } from 'typeorm';
import { rowsOf } from '@voltlane/service-kit';
import { tokenValueOf } from '../../domain/session-mapping';

/** Sessions remembered as not roaming, at most (the oldest are forgotten first). */
const REMEMBERED = 200_000;

/** What the filter needs of a record: its session, its token (when known), and whether the session is over. */
export interface SessionRecord {
  sessionId: string;
  idTokenKey?: string | null;
  /** The session is over (its Ended, its CDR): nothing more comes, so it is not remembered. */
  final: boolean;
}

/**
 * Which records of a session (sessions.lifecycle.v1, billing.cdrs.v1) concern roaming at all: a
 * session already stored as roaming, or one whose id token is an eMSP's. Most sessions are local:
 * one statement answers for a session the first time its token is known, and a session found not
 * roaming is remembered (its token does not change), so its later records cost no statement. Its
 * final record forgets it.
 */
export class RoamingFilter {
  private readonly local = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  async concerns(event: SessionRecord): Promise<boolean> {
    if (this.local.has(event.sessionId)) {
      if (event.final) this.local.delete(event.sessionId);
      return false;
    }
    const token = event.idTokenKey == null ? null : tokenValueOf(event.idTokenKey);
    const [row] = rowsOf<{ hit: boolean }>(
      await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM sessions WHERE session_id = $1)
             OR ($2::text IS NOT NULL AND EXISTS (SELECT 1 FROM tokens WHERE upper(uid) = $2::text)) AS hit`,
        [event.sessionId, token],
      ),
    );
    if (row?.hit) return true;
    if (token !== null && !event.final) this.remember(event.sessionId);
    return false;
  }

  private remember(sessionId: string): void {
    if (this.local.size >= REMEMBERED) {
      const oldest = this.local.values().next();
      if (!oldest.done) this.local.delete(oldest.value);
    }
    this.local.add(sessionId);
  }
}
