import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { OcpiCdr } from '../domain/cdr-mapping';
import { partiesClause, type PullFilter } from './session.repository';

/** A CDR as the operator sees it: the OCPI object, its eMSP party and what the eMSP answered. */
export interface StoredCdr {
  cdr: OcpiCdr;
  partnerId: string | null;
  countryCode: string;
  partyId: string;
  /** The URL of the CDR at the eMSP (the `Location` header of its answer to our POST); null until it took it. */
  emspLocation: string | null;
}

interface CdrRow {
  body: OcpiCdr;
  partner_id: string | null;
  country_code: string;
  party_id: string;
  emsp_location: string | null;
}

/**
 * The `cdrs` table (plain SQL): one OCPI CDR per roaming session, written once (a CDR is never
 * changed), with the eMSP party it belongs to and the partner it was posted to.
 */
export class CdrRepository {
  async exists(db: Queryable, cdrId: string, sessionId: string): Promise<boolean> {
    return rowsOf(await db.query(`SELECT 1 FROM cdrs WHERE cdr_id = $1 OR session_id = $2`, [cdrId, sessionId])).length > 0;
  }

  /** Stores a new CDR; false when it (or one of its session) exists already. */
  async insert(db: Queryable, row: Omit<StoredCdr, 'emspLocation'>): Promise<boolean> {
    const rows = rowsOf(
      await db.query(
        `INSERT INTO cdrs (cdr_id, session_id, partner_id, country_code, party_id, body, last_updated)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING cdr_id`,
        [row.cdr.id, row.cdr.session_id, row.partnerId, row.countryCode, row.partyId, JSON.stringify(row.cdr), row.cdr.last_updated],
      ),
    );
    return rows.length > 0;
  }

  async get(db: Queryable, cdrId: string): Promise<StoredCdr | undefined> {
    const rows = rowsOf<CdrRow>(
      await db.query(`SELECT body, partner_id, country_code, party_id, emsp_location FROM cdrs WHERE cdr_id = $1`, [cdrId]),
    );
    const row = rows[0];
    return row
      ? { cdr: row.body, partnerId: row.partner_id, countryCode: row.country_code, partyId: row.party_id, emspLocation: row.emsp_location }
      : undefined;
  }

  /** Keeps the eMSP's `Location` answer to the POST of a CDR (the first one it gave). */
  async setEmspLocation(db: Queryable, cdrId: string, partnerId: string, location: string): Promise<boolean> {
    const rows = rowsOf(
      await db.query(
        `UPDATE cdrs SET emsp_location = $3 WHERE cdr_id = $1 AND partner_id = $2 AND emsp_location IS NULL RETURNING cdr_id`,
        [cdrId, partnerId, location],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Copies the eMSP's `Location` answer from the outbox (where the push sender stores the answer to
   * a CDR POST) to the CDRs of the last 7 days that have none yet; how many it filled.
   */
  async fillEmspLocations(db: Queryable): Promise<number> {
    const rows = rowsOf(
      await db.query(
        `UPDATE cdrs c SET emsp_location = x.location
         FROM (SELECT p.cdr_id,
                 (SELECT o.response->>'location' FROM outbox o
                  WHERE o.module = 'cdrs' AND o.object_key = 'cdr:' || p.cdr_id AND o.partner_id = p.partner_id AND o.sent_at IS NOT NULL
                  ORDER BY o.push_id DESC LIMIT 1) AS location
               FROM cdrs p
               WHERE p.emsp_location IS NULL AND p.partner_id IS NOT NULL AND p.last_updated > now() - interval '7 days') x
         WHERE c.cdr_id = x.cdr_id AND x.location IS NOT NULL
         RETURNING c.cdr_id`,
      ),
    );
    return rows.length;
  }

  /** A page of the parties' CDRs last updated in [from, to), oldest first. */
  async page(db: Queryable, filter: PullFilter): Promise<{ items: OcpiCdr[]; total: number }> {
    const where = [partiesClause({ cc: 'country_code', pid: 'party_id' }, 1)];
    const params: unknown[] = [filter.parties.map((p) => p.countryCode), filter.parties.map((p) => p.partyId)];
    if (filter.from) where.push(`last_updated >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`last_updated < $${params.push(filter.to)}`);
    const condition = where.join(' AND ');
    const [count] = rowsOf<{ total: string }>(await db.query(`SELECT count(*) AS total FROM cdrs WHERE ${condition}`, params));
    const rows = rowsOf<{ body: OcpiCdr }>(
      await db.query(
        `SELECT body FROM cdrs WHERE ${condition} ORDER BY last_updated, cdr_id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
        [...params, filter.offset, filter.limit],
      ),
    );
    return { items: rows.map((r) => r.body), total: Number(count?.total ?? 0) };
  }
}
