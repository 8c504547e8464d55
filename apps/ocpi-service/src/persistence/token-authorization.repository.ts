import type { Queryable } from '@voltlane/service-kit';

/** An ALLOWED real-time authorization of a token at a station. */
export interface TokenAuthorization {
  countryCode: string;
  partyId: string;
  uid: string;
  stationId: string;
  authorizationReference: string | null;
  authorizedAt: Date;
  expiresAt: Date;
}

/**
 * The `token_authorizations` table (plain SQL): the eMSPs' ALLOWED real-time answers, written by
 * the tokens part, read by the sessions part (SessionReferencesRepository.realTimeAuthorization).
 */
export class TokenAuthorizationRepository {
  async record(db: Queryable, authorization: TokenAuthorization): Promise<void> {
    await db.query(
      `INSERT INTO token_authorizations (country_code, party_id, uid, station_id, authorization_reference, authorized_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        authorization.countryCode,
        authorization.partyId,
        authorization.uid,
        authorization.stationId,
        authorization.authorizationReference,
        authorization.authorizedAt,
        authorization.expiresAt,
      ],
    );
  }
}
