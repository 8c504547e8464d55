import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { OcpiModuleId } from '../application/partners';
import type { PushRequest } from '../application/push-outbox';

/** What a partner answered to a push (or why it was dropped), as stored in `outbox.response`. */
export interface PushResponse {
  httpStatus?: number;
  statusCode?: number;
  statusMessage?: string;
  /** The `Location` header (a CDR POST's answer). */
  location?: string;
  /** Set when the push was dropped instead of delivered. */
  dropped?: string;
}

/** A queued push as stored. */
export interface StoredPush {
  pushId: number;
  partnerId: string;
  objectKey: string;
  module: OcpiModuleId;
  method: PushRequest['method'];
  path: string | null;
  url: string | null;
  to: { countryCode: string; partyId: string } | null;
  body: unknown;
  attempts: number;
  nextAttemptAt: Date;
  /** When it was last tried (null: never yet). */
  lastAttemptAt: Date | null;
  lastError: string | null;
  response: PushResponse | null;
  sentAt: Date | null;
  createdAt: Date;
}

interface PushRow {
  push_id: string;
  partner_id: string;
  object_key: string;
  module: OcpiModuleId;
  method: PushRequest['method'];
  path: string | null;
  url: string | null;
  to_country_code: string | null;
  to_party_id: string | null;
  body: unknown;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_error: string | null;
  response: PushResponse | null;
  sent_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'push_id, partner_id, object_key, module, method, path, url, to_country_code, to_party_id, body, attempts, next_attempt_at, last_attempt_at, last_error, response, sent_at, created_at';
const SUMMARY_COLUMNS = COLUMNS.replace('body, ', '');

const pushOf = (row: PushRow): StoredPush => ({
  pushId: Number(row.push_id),
  partnerId: row.partner_id,
  objectKey: row.object_key,
  module: row.module,
  method: row.method,
  path: row.path,
  url: row.url,
  to: row.to_country_code !== null && row.to_party_id !== null ? { countryCode: row.to_country_code, partyId: row.to_party_id } : null,
  body: row.body,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastAttemptAt: row.last_attempt_at,
  lastError: row.last_error,
  response: row.response,
  sentAt: row.sent_at,
  createdAt: row.created_at,
});

/** Advisory-lock namespace of "pushes of one object are being queued" (the first key of the pair; the second hashes the schema and the object key: advisory locks are database-wide). */
const ENQUEUE_LOCK_SPACE = 0x0c_b1_00_01;

export interface PushFilter {
  partnerId?: string;
  /** true: only unsent; false: only sent or dropped. */
  pending?: boolean;
  objectKey?: string;
}

/** One partner's backlog for the operator view. */
export interface PartnerBacklog {
  partnerId: string;
  pending: number;
  /** Pending pushes that failed at least once. */
  failing: number;
  oldestPendingAt: Date | null;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

/**
 * The `outbox` table. Pushes of one (partner, object) are delivered in `push_id` order: `insert`
 * holds a transaction-level advisory lock per object key until the caller's transaction ends, so
 * two transactions queuing pushes of one object can never commit their ids out of order (a later
 * id visible before an earlier one would be sent first).
 */
export class OutboxRepository {
  constructor(private readonly db: Queryable) {}

  /** Queues pushes (`db` must be a transaction's manager: the locks last until it ends). */
  async insert(requests: readonly PushRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const keys = [...new Set(requests.map((r) => r.objectKey))].sort();
    await this.db.query(
      `SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema() || '/' || k)) FROM (SELECT k FROM unnest($2::text[]) AS k ORDER BY k) AS keys`,
      [ENQUEUE_LOCK_SPACE, keys],
    );
    const rows = requests.map((r) => ({
      partner_id: r.partnerId,
      object_key: r.objectKey,
      module: r.module,
      method: r.method,
      path: r.url === undefined ? (r.path ?? '') : (r.path ?? null),
      url: r.url ?? null,
      to_country_code: r.to?.countryCode ?? null,
      to_party_id: r.to?.partyId ?? null,
      body: r.body === undefined ? null : r.body,
    }));
    await this.db.query(
      `INSERT INTO outbox (partner_id, object_key, module, method, path, url, to_country_code, to_party_id, body)
       SELECT (e->>'partner_id')::uuid, e->>'object_key', e->>'module', e->>'method', e->>'path', e->>'url', e->>'to_country_code',
              e->>'to_party_id', nullif(e->'body', 'null'::jsonb)
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
        ORDER BY n`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Claims up to `limit` due heads, at most `perPartner` of one partner: per (partner, object)
   * the lowest unsent push, when its next attempt is due. Claimed rows are locked (`FOR UPDATE
   * SKIP LOCKED`: another replica claiming at the same time takes others) and leased: their next
   * attempt moves `leaseMs` ahead, so nobody else takes them while they are being sent, and a
   * sender that died mid-send is retried once the lease ends.
   */
  async claimDue(limit: number, perPartner: number, leaseMs: number): Promise<StoredPush[]> {
    const rows = rowsOf<PushRow>(
      await this.db.query(
        `WITH heads AS (
           SELECT DISTINCT ON (partner_id, object_key) push_id
             FROM outbox WHERE sent_at IS NULL
            ORDER BY partner_id, object_key, push_id
         ), ranked AS (
           SELECT o.push_id, row_number() OVER (PARTITION BY o.partner_id ORDER BY o.next_attempt_at, o.push_id) AS n
             FROM outbox o JOIN heads h ON h.push_id = o.push_id
            WHERE o.next_attempt_at <= now()
         ), due AS (
           SELECT o.push_id FROM outbox o JOIN ranked r ON r.push_id = o.push_id
            WHERE r.n <= $2 AND o.sent_at IS NULL AND o.next_attempt_at <= now()
            ORDER BY o.next_attempt_at, o.push_id
            LIMIT $1
              FOR UPDATE OF o SKIP LOCKED
         )
         UPDATE outbox SET next_attempt_at = now() + $3 * interval '1 millisecond'
           FROM due WHERE outbox.push_id = due.push_id
         RETURNING ${COLUMNS.split(', ')
           .map((c) => `outbox.${c}`)
           .join(', ')}`,
        [limit, perPartner, leaseMs],
      ),
    );
    return rows.map(pushOf).sort((a, b) => a.pushId - b.pushId);
  }

  /** Delivered: done, with the partner's answer. */
  async markSent(pushId: number, response: PushResponse): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET sent_at = now(), last_attempt_at = now(), response = $2::jsonb WHERE push_id = $1 AND sent_at IS NULL`,
      [pushId, JSON.stringify(response)],
    );
  }

  /** Failed: one more attempt, the next one after `delayMs`. */
  async markFailed(pushId: number, delayMs: number, error: string, response: PushResponse | null): Promise<number> {
    const rows = rowsOf<{ attempts: number }>(
      await this.db.query(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond', last_attempt_at = now(), last_error = $3,
                response = coalesce($4::jsonb, response)
          WHERE push_id = $1 AND sent_at IS NULL RETURNING attempts`,
        [pushId, delayMs, error.slice(0, 2000), response === null ? null : JSON.stringify(response)],
      ),
    );
    return rows[0]?.attempts ?? 0;
  }

  /** Will never be delivered (partner unregistered, no receiver, an operator dropped it): closed with the reason. */
  async markDropped(pushId: number, reason: string): Promise<boolean> {
    const rows = rowsOf<{ push_id: string }>(
      await this.db.query(
        `UPDATE outbox SET sent_at = now(), last_error = $2, response = jsonb_build_object('dropped', $2::text)
          WHERE push_id = $1 AND sent_at IS NULL RETURNING push_id`,
        [pushId, reason.slice(0, 2000)],
      ),
    );
    return rows.length > 0;
  }

  /** The partner's unsent pushes become due now (an operator says the partner is back); how many. */
  async retryNow(partnerId: string): Promise<number> {
    const rows = rowsOf<{ push_id: string }>(
      await this.db.query(
        `UPDATE outbox SET next_attempt_at = now() WHERE partner_id = $1 AND sent_at IS NULL AND next_attempt_at > now() RETURNING push_id`,
        [partnerId],
      ),
    );
    return rows.length;
  }

  async get(pushId: number): Promise<StoredPush | undefined> {
    const rows = rowsOf<PushRow>(await this.db.query(`SELECT ${COLUMNS} FROM outbox WHERE push_id = $1`, [pushId]));
    return rows[0] ? pushOf(rows[0]) : undefined;
  }

  /** A page of pushes without their bodies: pending ones oldest first (the order they go in), others newest first. */
  async page(filter: PushFilter, page: { limit: number; offset: number }): Promise<{ items: StoredPush[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.partnerId !== undefined) where.push(`partner_id = $${params.push(filter.partnerId)}`);
    if (filter.objectKey !== undefined) where.push(`object_key = $${params.push(filter.objectKey)}`);
    if (filter.pending !== undefined) where.push(filter.pending ? 'sent_at IS NULL' : 'sent_at IS NOT NULL');
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.pending === true ? 'push_id' : 'push_id DESC';
    const counted = rowsOf<{ count: string }>(await this.db.query(`SELECT count(*) AS count FROM outbox ${clause}`, params));
    const rows = rowsOf<PushRow>(
      await this.db.query(
        `SELECT ${SUMMARY_COLUMNS}, NULL AS body FROM outbox ${clause} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, page.offset],
      ),
    );
    return { items: rows.map(pushOf), total: Number(counted[0]?.count ?? 0) };
  }

  /** Every partner with unsent pushes: how many, how many failed, the oldest, the next attempt, the latest error. */
  async backlog(partnerId?: string): Promise<PartnerBacklog[]> {
    const rows = rowsOf<{
      partner_id: string;
      pending: string;
      failing: string;
      oldest: Date | null;
      next_attempt_at: Date | null;
      last_error: string | null;
    }>(
      await this.db.query(
        `SELECT partner_id, count(*) AS pending, count(*) FILTER (WHERE attempts > 0) AS failing, min(created_at) AS oldest,
                min(next_attempt_at) AS next_attempt_at,
                (array_agg(last_error ORDER BY last_attempt_at DESC NULLS LAST, push_id DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
           FROM outbox WHERE sent_at IS NULL ${partnerId !== undefined ? 'AND partner_id = $1' : ''}
          GROUP BY partner_id ORDER BY partner_id`,
        partnerId !== undefined ? [partnerId] : [],
      ),
    );
    return rows.map((r) => ({
      partnerId: r.partner_id,
      pending: Number(r.pending),
      failing: Number(r.failing),
      oldestPendingAt: r.oldest,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
    }));
  }
}
