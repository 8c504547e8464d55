import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { OcpiSession, StoredSession } from '../domain/session-mapping';

/** The parties a pull is for (country code, party id; upper-case), and the window on last_updated. */
export interface PullFilter {
  parties: readonly { countryCode: string; partyId: string }[];
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

/** A roaming session as stored, with its routing: the eMSP party and the partner it was pushed to. */
export interface RoamingSessionRow extends StoredSession {
  partnerId: string | null;
  countryCode: string;
  partyId: string;
  stationId: string;
}

interface SessionRow {
  partner_id: string | null;
  country_code: string;
  party_id: string;
  station_id: string;
  body: OcpiSession;
  pushed_at: Date | null;
}

const rowOf = (row: SessionRow): RoamingSessionRow => ({
  session: row.body,
  pushedAt: row.pushed_at,
  partnerId: row.partner_id,
  countryCode: row.country_code,
  partyId: row.party_id,
  stationId: row.station_id,
});

/** `(country_code, party_id)` is one of the parties given as two arrays `$n`, `$n+1`. */
export function partiesClause(column: { cc: string; pid: string }, n: number): string {
  return `(${column.cc}::text, ${column.pid}) IN (SELECT * FROM unnest($${n}::text[], $${n + 1}::text[]))`;
}

/**
 * The `sessions` table (plain SQL): the roaming sessions, each the OCPI Session object as last
 * changed (`body`), the eMSP party it belongs to (the token's), the partner its pushes go to, and
 * when it was last pushed (`pushed_at`, for the update throttle). Writers lock the row first.
 */
export class SessionRepository {
  /** The session, locked for the rest of the transaction (`db` must be a transaction's manager). */
  async lock(db: Queryable, sessionId: string): Promise<RoamingSessionRow | undefined> {
    const rows = rowsOf<SessionRow>(
      await db.query(
        `SELECT partner_id, country_code, party_id, station_id, body, pushed_at FROM sessions WHERE session_id = $1 FOR UPDATE`,
        [sessionId],
      ),
    );
    return rows[0] ? rowOf(rows[0]) : undefined;
  }

  async get(db: Queryable, sessionId: string): Promise<RoamingSessionRow | undefined> {
    const rows = rowsOf<SessionRow>(
      await db.query(`SELECT partner_id, country_code, party_id, station_id, body, pushed_at FROM sessions WHERE session_id = $1`, [
        sessionId,
      ]),
    );
    return rows[0] ? rowOf(rows[0]) : undefined;
  }

  /**
   * Stores a new session (with the START_SESSION command it answers, if any); false when it exists
   * already (another record created it first).
   */
  async insert(db: Queryable, row: RoamingSessionRow, commandId: string | undefined): Promise<boolean> {
    const s = row.session;
    const rows = rowsOf(
      await db.query(
        `INSERT INTO sessions (session_id, partner_id, country_code, party_id, token_uid, station_id, status, body, pushed_at, last_updated, command_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (session_id) DO NOTHING RETURNING session_id`,
        [
          s.id,
          row.partnerId,
          row.countryCode,
          row.partyId,
          s.cdr_token.uid,
          row.stationId,
          s.status,
          JSON.stringify(s),
          row.pushedAt,
          s.last_updated,
          commandId ?? null,
        ],
      ),
    );
    return rows.length > 0;
  }

  /** Stores a changed session (its body, status, last_updated) and, when pushed, when and to whom. */
  async update(db: Queryable, session: OcpiSession, pushed: { at: Date; partnerId: string } | undefined): Promise<void> {
    await db.query(
      `UPDATE sessions SET body = $2, status = $3, last_updated = $4,
         pushed_at = COALESCE($5, pushed_at), partner_id = COALESCE($6, partner_id)
       WHERE session_id = $1`,
      [session.id, JSON.stringify(session), session.status, session.last_updated, pushed?.at ?? null, pushed?.partnerId ?? null],
    );
  }

  /**
   * Active sessions changed since their last push whose throttle has run out (`pushed_at` at
   * least `intervalMs` ago), locked and skipped by other replicas; at most `limit`.
   */
  async lockDue(db: Queryable, now: Date, intervalMs: number, limit: number): Promise<RoamingSessionRow[]> {
    const rows = rowsOf<SessionRow>(
      await db.query(
        `SELECT partner_id, country_code, party_id, station_id, body, pushed_at FROM sessions
         WHERE status = 'ACTIVE' AND pushed_at IS NOT NULL AND last_updated > pushed_at AND pushed_at <= $1
         ORDER BY last_updated LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [new Date(now.getTime() - intervalMs), limit],
      ),
    );
    return rows.map(rowOf);
  }

  /** A page of the parties' sessions last updated in [from, to), in the order they were created. */
  async page(db: Queryable, filter: PullFilter): Promise<{ items: OcpiSession[]; total: number }> {
    const where = [partiesClause({ cc: 'country_code', pid: 'party_id' }, 1)];
    const params: unknown[] = [filter.parties.map((p) => p.countryCode), filter.parties.map((p) => p.partyId)];
    if (filter.from) where.push(`last_updated >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`last_updated < $${params.push(filter.to)}`);
    const condition = where.join(' AND ');
    const [count] = rowsOf<{ total: string }>(await db.query(`SELECT count(*) AS total FROM sessions WHERE ${condition}`, params));
    const rows = rowsOf<{ body: OcpiSession }>(
      await db.query(
        `SELECT body FROM sessions WHERE ${condition} ORDER BY created_at, session_id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
        [...params, filter.offset, filter.limit],
      ),
    );
    return { items: rows.map((r) => r.body), total: Number(count?.total ?? 0) };
  }
}
