import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { OcpiToken, TokenAddress } from '../domain/token-object';

/** A token as stored: the OCPI object, and until when a command of its eMSP authorized it. */
export interface StoredToken {
  token: OcpiToken;
  authorizedUntil: Date | null;
}

interface TokenRow {
  body: OcpiToken;
  authorized_until: Date | null;
}

/**
 * The `tokens` table (plain SQL): the eMSPs' tokens, one row per (country_code, party_id, uid,
 * type), `uid` as first pushed and matched case-insensitively (OCPI CiString), `body` the Token as
 * answered on GET, `authorized_until` the end of the authorization a START_SESSION / RESERVE_NOW
 * gave it. Writers lock the row first (`locked` in a transaction) so that changes of one token are
 * published in the order they are stored.
 */
export class TokenRepository {
  /** The token at `address`, locked for the rest of the transaction when `lock` (`db` must then be a transaction's manager). */
  async find(db: Queryable, address: TokenAddress, lock = false): Promise<StoredToken | undefined> {
    const rows = rowsOf<TokenRow>(
      await db.query(
        `SELECT body, authorized_until FROM tokens
         WHERE country_code = $1 AND party_id = $2 AND upper(uid) = upper($3) AND type = $4${lock ? ' FOR UPDATE' : ''}`,
        [address.countryCode.toUpperCase(), address.partyId.toUpperCase(), address.uid, address.type],
      ),
    );
    const row = rows[0];
    return row ? { token: row.body, authorizedUntil: row.authorized_until } : undefined;
  }

  /**
   * Stores `token` (its uid spelled as already stored, if it is); `authorizedUntil` undefined keeps
   * the stored one. Resolves with whether the token is new.
   */
  async save(db: Queryable, token: OcpiToken, partnerId: string, authorizedUntil?: Date | null): Promise<boolean> {
    const rows = rowsOf<{ created: boolean }>(
      await db.query(
        `INSERT INTO tokens (country_code, party_id, uid, type, partner_id, contract_id, valid, whitelist, group_id, body, last_updated, authorized_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (country_code, party_id, uid, type) DO UPDATE SET
           partner_id = EXCLUDED.partner_id, contract_id = EXCLUDED.contract_id, valid = EXCLUDED.valid, whitelist = EXCLUDED.whitelist,
           group_id = EXCLUDED.group_id, body = EXCLUDED.body, last_updated = EXCLUDED.last_updated,
           authorized_until = CASE WHEN $13 THEN tokens.authorized_until ELSE EXCLUDED.authorized_until END
         RETURNING (xmax = 0) AS created`,
        [
          token.country_code,
          token.party_id,
          token.uid,
          token.type,
          partnerId,
          token.contract_id,
          token.valid,
          token.whitelist,
          token.group_id ?? null,
          token,
          token.last_updated,
          authorizedUntil ?? null,
          authorizedUntil === undefined,
        ],
      ),
    );
    return rows[0]?.created === true;
  }

  /**
   * The stored token with this uid (case-insensitive, any party): one of `preferredType` first,
   * then a valid one, then the latest.
   */
  async byUid(db: Queryable, uid: string, preferredType: string | undefined): Promise<StoredToken | undefined> {
    const rows = rowsOf<TokenRow>(
      await db.query(
        `SELECT body, authorized_until FROM tokens WHERE upper(uid) = upper($1)
         ORDER BY (type = $2) DESC, valid DESC, last_updated DESC LIMIT 1`,
        [uid, preferredType ?? ''],
      ),
    );
    const row = rows[0];
    return row ? { token: row.body, authorizedUntil: row.authorized_until } : undefined;
  }

  /** The parties (country code, party id) of the eMSP token(s) with this uid (any type), upper-case. */
  async partiesOfUid(db: Queryable, uid: string): Promise<{ countryCode: string; partyId: string }[]> {
    const rows = rowsOf<{ country_code: string; party_id: string }>(
      await db.query(`SELECT DISTINCT country_code, party_id FROM tokens WHERE upper(uid) = upper($1)`, [uid]),
    );
    return rows.map((r) => ({ countryCode: r.country_code.trim().toUpperCase(), partyId: r.party_id.toUpperCase() }));
  }
}
