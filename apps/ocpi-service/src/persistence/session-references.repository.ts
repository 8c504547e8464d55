import { rowsOf, type Queryable } from '@voltlane/service-kit';
import { DEFAULT_CONNECTOR, type ConnectorSpec } from '../domain/location-mapping';
import type { PublishedLocation, PublishedStation, RoamingToken } from '../domain/session-mapping';
import { locationAddressOf, type LocationAddressRow } from './location.repository';

/** Where the latest push of an object stands. */
export interface PushDelivery {
  method: string;
  createdAt: Date;
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
  /** The `Location` header of the partner's answer (a CDR POST), when it sent one. */
  location: string | null;
}

/** A station's location and EVSE (outer joins: any column may be NULL). */
type PlaceRow = { [K in keyof LocationAddressRow]: LocationAddressRow[K] | null } & {
  location_id: string | null;
  connector_defaults: Partial<ConnectorSpec> | null;
  evse_uid: string | null;
};

/** Whether the row has a location with a whole address. */
function located(row: PlaceRow | undefined): row is PlaceRow & LocationAddressRow & { location_id: string } {
  return (
    !!row?.location_id &&
    row.address !== null &&
    row.city !== null &&
    row.country !== null &&
    row.latitude !== null &&
    row.longitude !== null
  );
}

/**
 * What the sessions part reads from the tables other parts write: the eMSPs' tokens (tokens part),
 * the published locations and EVSEs (push part) and the START_SESSION commands (commands part).
 * Read only.
 */
export class SessionReferencesRepository {
  /**
   * The eMSP token a session's id token is: matched on the value (`upper(uid)`), a token of the
   * type the OCPP token type suggests first, then a valid one, then the latest.
   */
  async token(db: Queryable, value: string, preferredType: string | undefined): Promise<RoamingToken | undefined> {
    const rows = rowsOf<{ country_code: string; party_id: string; uid: string; type: string; contract_id: string; whitelist: string }>(
      await db.query(
        `SELECT country_code, party_id, uid, type, contract_id, whitelist FROM tokens WHERE upper(uid) = $1
         ORDER BY (type = $2) DESC, valid DESC, last_updated DESC LIMIT 1`,
        [value, preferredType ?? ''],
      ),
    );
    const row = rows[0];
    return row
      ? {
          countryCode: row.country_code.trim().toUpperCase(),
          partyId: row.party_id.toUpperCase(),
          uid: row.uid,
          type: row.type,
          contractId: row.contract_id,
          whitelist: row.whitelist,
        }
      : undefined;
  }

  /** The station's published location and EVSE (the push part's tables). */
  async station(db: Queryable, stationId: string, evseId: number | undefined): Promise<PublishedStation> {
    const rows = rowsOf<PlaceRow>(
      await db.query(
        `SELECT l.location_id, l.name, l.address, l.city, l.postal_code, l.state, l.country, l.latitude, l.longitude, l.connector_defaults,
                e.uid AS evse_uid
         FROM (SELECT $1::text AS station_id) s
         LEFT JOIN location_stations ls ON ls.station_id = s.station_id
         LEFT JOIN locations l ON l.location_id = ls.location_id
         LEFT JOIN evses e ON e.station_id = s.station_id AND e.evse_id = $2`,
        [stationId, evseId ?? -1],
      ),
    );
    const row = rows[0];
    const defaults = row?.connector_defaults ?? {};
    const location: PublishedLocation | null = located(row)
      ? {
          locationId: row.location_id,
          ...locationAddressOf(row),
          connector: {
            standard: defaults.standard ?? DEFAULT_CONNECTOR.standard,
            format: defaults.format ?? DEFAULT_CONNECTOR.format,
            powerType: defaults.powerType ?? DEFAULT_CONNECTOR.powerType,
          },
        }
      : null;
    return { location, evseUid: row?.evse_uid ?? null };
  }

  /**
   * The START_SESSION command of an eMSP that a session answers: one for the station with the same
   * token uid that no other session answered, not refused. A 2.x session names it exactly (its
   * remoteStartId is the id the command gave the station); a 1.6 one by time: the latest received
   * from 15 minutes before the session started to 5 minutes after (station clocks drift).
   */
  async startCommand(
    db: Queryable,
    session: { stationId: string; tokenUid: string; startedAt: Date; remoteStartId: number | undefined },
  ): Promise<{ commandId: string; authorizationReference?: string } | undefined> {
    const rows = rowsOf<{ command_id: string; reference: string | null }>(
      await db.query(
        `SELECT c.command_id, c.request->>'authorization_reference' AS reference FROM commands c
         WHERE c.command = 'START_SESSION' AND c.station_id = $1 AND upper(c.request->'token'->>'uid') = upper($2)
           AND CASE WHEN $4::integer IS NULL
                 THEN c.created_at BETWEEN $3::timestamptz - interval '15 minutes' AND $3::timestamptz + interval '5 minutes'
                 ELSE c.ocpp_id = $4::integer END
           AND (c.result IS NULL OR c.result = 'ACCEPTED')
           AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.command_id = c.command_id)
         ORDER BY c.created_at DESC LIMIT 1`,
        [session.stationId, session.tokenUid, session.startedAt, session.remoteStartId ?? null],
      ),
    );
    const row = rows[0];
    if (!row) return undefined;
    return { commandId: row.command_id, ...(row.reference ? { authorizationReference: row.reference } : {}) };
  }

  /**
   * The latest ALLOWED real-time authorization of the token uid at the station that held when a
   * session started there (the tokens part's token_authorizations; station clocks drift: 5 minutes' grace).
   */
  async realTimeAuthorization(
    db: Queryable,
    session: { stationId: string; tokenUid: string; startedAt: Date },
  ): Promise<{ authorizationReference?: string } | undefined> {
    const rows = rowsOf<{ authorization_reference: string | null }>(
      await db.query(
        `SELECT authorization_reference FROM token_authorizations
         WHERE upper(uid) = upper($1) AND station_id = $2
           AND authorized_at <= $3::timestamptz + interval '5 minutes' AND expires_at >= $3::timestamptz
         ORDER BY authorized_at DESC LIMIT 1`,
        [session.tokenUid, session.stationId, session.startedAt],
      ),
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.authorization_reference ? { authorizationReference: row.authorization_reference } : {};
  }

  /** The latest push of an object to a partner (the outbox, written by the push part); undefined: none. */
  async latestPush(db: Queryable, partnerId: string, objectKey: string): Promise<PushDelivery | undefined> {
    const rows = rowsOf<{
      method: string;
      created_at: Date;
      attempts: number;
      sent_at: Date | null;
      last_error: string | null;
      location: string | null;
    }>(
      await db.query(
        `SELECT method, created_at, attempts, sent_at, last_error, response->>'location' AS location FROM outbox WHERE partner_id = $1 AND object_key = $2 ORDER BY push_id DESC LIMIT 1`,
        [partnerId, objectKey],
      ),
    );
    const row = rows[0];
    return row
      ? {
          method: row.method,
          createdAt: row.created_at,
          attempts: row.attempts,
          sentAt: row.sent_at,
          lastError: row.last_error,
          location: row.location,
        }
      : undefined;
  }
}
