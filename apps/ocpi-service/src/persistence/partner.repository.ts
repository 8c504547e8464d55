import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { Partner, PartnerEndpoint, PartnerRole, PartnerStatus } from '../application/partners';

interface PartnerRow {
  partner_id: string;
  name: string;
  status: PartnerStatus;
  outgoing_token: string | null;
  versions_url: string | null;
  version: string | null;
  endpoints: PartnerEndpoint[];
  roles: PartnerRole[];
  created_at: Date;
  updated_at: Date;
  registered_at: Date | null;
}

/** A partner as stored, with the bookkeeping the operator API shows. */
export interface StoredPartner extends Partner {
  createdAt: Date;
  updatedAt: Date;
}

/** Which of the partner's tokens a presented token is. */
export type TokenKind = 'A' | 'C';

const COLUMNS = 'partner_id, name, status, outgoing_token, versions_url, version, endpoints, roles, created_at, updated_at, registered_at';

const partnerOf = (row: PartnerRow): StoredPartner => ({
  partnerId: row.partner_id,
  name: row.name,
  status: row.status,
  version: row.version,
  versionsUrl: row.versions_url,
  endpoints: row.endpoints,
  roles: row.roles,
  outgoingToken: row.outgoing_token,
  registeredAt: row.registered_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What a completed (or updated) credentials exchange stores. */
export interface ExchangedCredentials {
  version: string;
  versionsUrl: string;
  endpoints: PartnerEndpoint[];
  roles: PartnerRole[];
  /** The token we call them with. */
  outgoingToken: string;
  /** SHA-256 hex of the token they call us with (B or C). */
  incomingTokenHash: string;
}

/**
 * The `partners` table, plain SQL. Tokens partners call us with are stored as SHA-256 hex only:
 * `token_a_hash` (the registration token, until the handshake completes) and `token_c_hash` (the
 * token of the current credentials: C when they registered with us, B when we registered with them).
 * Roles are stored with upper-case country codes and party ids (OCPI compares them case-insensitively).
 */
export class PartnerRepository {
  constructor(private readonly db: Queryable) {}

  async create(partnerId: string, name: string, tokenAHash: string): Promise<StoredPartner> {
    const rows = rowsOf<PartnerRow>(
      await this.db.query(
        `INSERT INTO partners (partner_id, name, status, token_a_hash) VALUES ($1, $2, 'PENDING', $3) RETURNING ${COLUMNS}`,
        [partnerId, name, tokenAHash],
      ),
    );
    return partnerOf(rows[0]);
  }

  async get(partnerId: string): Promise<StoredPartner | undefined> {
    const rows = rowsOf<PartnerRow>(await this.db.query(`SELECT ${COLUMNS} FROM partners WHERE partner_id = $1`, [partnerId]));
    return rows[0] ? partnerOf(rows[0]) : undefined;
  }

  /** The partner (not unregistered) one of whose incoming tokens has this hash, and which one it is. */
  async byTokenHash(hash: string): Promise<{ partner: StoredPartner; kind: TokenKind } | undefined> {
    const rows = rowsOf<PartnerRow & { kind: TokenKind }>(
      await this.db.query(
        `SELECT ${COLUMNS}, CASE WHEN token_c_hash = $1 THEN 'C' ELSE 'A' END AS kind
           FROM partners WHERE (token_a_hash = $1 OR token_c_hash = $1) AND status <> 'UNREGISTERED'`,
        [hash],
      ),
    );
    const row = rows[0];
    return row ? { partner: partnerOf(row), kind: row.kind } : undefined;
  }

  /** Newest first. */
  async list(page: { limit: number; offset: number }, status?: PartnerStatus): Promise<{ items: StoredPartner[]; total: number }> {
    const where = status ? 'WHERE status = $1' : '';
    const params: unknown[] = status ? [status] : [];
    const counted = rowsOf<{ count: string }>(await this.db.query(`SELECT count(*) AS count FROM partners ${where}`, params));
    const rows = rowsOf<PartnerRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM partners ${where} ORDER BY created_at DESC, partner_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, page.offset],
      ),
    );
    return { items: rows.map(partnerOf), total: Number(counted[0]?.count ?? 0) };
  }

  /** Registered partners (newest registration last), optionally only those listing party (cc, pid) in their roles. */
  async registered(party?: { countryCode: string; partyId: string }): Promise<StoredPartner[]> {
    const filter = party ? `AND roles @> $1::jsonb` : '';
    const params = party ? [JSON.stringify([{ countryCode: party.countryCode.toUpperCase(), partyId: party.partyId.toUpperCase() }])] : [];
    const rows = rowsOf<PartnerRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM partners WHERE status = 'REGISTERED' ${filter} ORDER BY registered_at, partner_id`,
        params,
      ),
    );
    return rows.map(partnerOf);
  }

  /**
   * Stores the hash of the token we are about to give them (B, when we register with them) before
   * we send it: they may call our versions endpoint with it before they answer.
   */
  async setIncomingToken(partnerId: string, tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE partners SET token_c_hash = $2, updated_at = now() WHERE partner_id = $1`, [partnerId, tokenHash]);
  }

  /**
   * The handshake completed (either direction) or the credentials were updated: token A stops
   * working. Only when the row is still as the caller saw it (`expect`: its status is one of
   * these, its token A / current token hash is this); undefined when it is not (a concurrent
   * exchange won) or the partner is gone.
   */
  async storeCredentials(
    partnerId: string,
    credentials: ExchangedCredentials,
    expect: { status?: PartnerStatus[]; tokenAHash?: string; tokenCHash?: string } = {},
  ): Promise<StoredPartner | undefined> {
    const params: unknown[] = [
      partnerId,
      credentials.incomingTokenHash,
      credentials.outgoingToken,
      credentials.versionsUrl,
      credentials.version,
      JSON.stringify(credentials.endpoints),
      JSON.stringify(normalizedRoles(credentials.roles)),
    ];
    const conditions: string[] = [];
    if (expect.status) conditions.push(`status = ANY($${params.push(expect.status)}::text[])`);
    if (expect.tokenAHash !== undefined) conditions.push(`token_a_hash = $${params.push(expect.tokenAHash)}`);
    if (expect.tokenCHash !== undefined) conditions.push(`token_c_hash = $${params.push(expect.tokenCHash)}`);
    const rows = rowsOf<PartnerRow>(
      await this.db.query(
        `UPDATE partners SET status = 'REGISTERED', token_a_hash = NULL, token_c_hash = $2, outgoing_token = $3, versions_url = $4,
                version = $5, endpoints = $6::jsonb, roles = $7::jsonb, updated_at = now(), registered_at = coalesce(registered_at, now())
          WHERE partner_id = $1 ${conditions.map((c) => `AND ${c}`).join(' ')} RETURNING ${COLUMNS}`,
        params,
      ),
    );
    return rows[0] ? partnerOf(rows[0]) : undefined;
  }

  /** A token we offer them in an update (PUT at them): it opens versions and credentials (as token A does) until they take it. */
  async setPendingToken(partnerId: string, tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE partners SET token_a_hash = $2, updated_at = now() WHERE partner_id = $1`, [partnerId, tokenHash]);
  }

  /** The offered token of a failed update stops working (the current one still does). */
  async clearPendingToken(partnerId: string, tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE partners SET token_a_hash = NULL, updated_at = now() WHERE partner_id = $1 AND token_a_hash = $2`, [
      partnerId,
      tokenHash,
    ]);
  }

  /** Back to pending (a failed registration attempt of ours): the token B we offered stops working. */
  async clearIncomingToken(partnerId: string, tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE partners SET token_c_hash = NULL, updated_at = now() WHERE partner_id = $1 AND token_c_hash = $2`, [
      partnerId,
      tokenHash,
    ]);
  }

  /** Unregistered: every token of theirs and ours is forgotten; pushes to them stop. `tokenCHash`: only while this is their current token. */
  async unregister(partnerId: string, tokenCHash?: string): Promise<StoredPartner | undefined> {
    const rows = rowsOf<PartnerRow>(
      await this.db.query(
        `UPDATE partners SET status = 'UNREGISTERED', token_a_hash = NULL, token_c_hash = NULL, outgoing_token = NULL, updated_at = now()
          WHERE partner_id = $1 ${tokenCHash !== undefined ? 'AND token_c_hash = $2' : ''} RETURNING ${COLUMNS}`,
        tokenCHash !== undefined ? [partnerId, tokenCHash] : [partnerId],
      ),
    );
    return rows[0] ? partnerOf(rows[0]) : undefined;
  }

  /** A new registration token for an unregistered (or pending) partner: pending again. */
  async reopen(partnerId: string, tokenAHash: string): Promise<StoredPartner | undefined> {
    const rows = rowsOf<PartnerRow>(
      await this.db.query(
        `UPDATE partners SET status = 'PENDING', token_a_hash = $2, token_c_hash = NULL, outgoing_token = NULL, updated_at = now()
          WHERE partner_id = $1 RETURNING ${COLUMNS}`,
        [partnerId, tokenAHash],
      ),
    );
    return rows[0] ? partnerOf(rows[0]) : undefined;
  }
}

/** Roles with upper-case country codes and party ids (matched with jsonb containment). */
export function normalizedRoles(roles: readonly PartnerRole[]): PartnerRole[] {
  return roles.map((r) => ({
    role: r.role,
    countryCode: r.countryCode.toUpperCase(),
    partyId: r.partyId.toUpperCase(),
    ...(r.businessName !== undefined ? { businessName: r.businessName } : {}),
  }));
}
