import { createHash } from 'node:crypto';
import { BillingDecimal, costOfTotals, type Tariff } from '@voltlane/billing-domain';
import type { SessionLifecycleEvent } from '@voltlane/contracts';
import { CONNECTOR_ID, evseUid, type ConnectorSpec, type LocationAddress } from './location-mapping';

// OCPI 2.2.1 Session (mod_sessions) built from sessions.lifecycle.v1, and what each lifecycle
// record pushes to the eMSP. Pure: the caller reads the token, the place and the cost.

/** OCPI `Price`: numbers (JSON), made from exact decimal strings. */
export interface OcpiPrice {
  excl_vat: number;
  incl_vat?: number;
}

export type OcpiTokenType = 'AD_HOC_USER' | 'APP_USER' | 'OTHER' | 'RFID';
export type OcpiAuthMethod = 'AUTH_REQUEST' | 'COMMAND' | 'WHITELIST';
export type OcpiSessionStatus = 'ACTIVE' | 'COMPLETED' | 'INVALID' | 'PENDING' | 'RESERVATION';

/** OCPI `CdrToken` (mod_cdrs): the token that started the session. */
export interface OcpiCdrToken {
  country_code: string;
  party_id: string;
  uid: string;
  type: string;
  contract_id: string;
}

export interface OcpiCdrDimension {
  type: 'ENERGY' | 'TIME' | 'PARKING_TIME';
  volume: number;
}

export interface OcpiChargingPeriod {
  start_date_time: string;
  dimensions: OcpiCdrDimension[];
  tariff_id?: string;
}

/** OCPI 2.2.1 `Session`. */
export interface OcpiSession {
  country_code: string;
  party_id: string;
  id: string;
  start_date_time: string;
  end_date_time?: string;
  kwh: number;
  cdr_token: OcpiCdrToken;
  auth_method: OcpiAuthMethod;
  authorization_reference?: string;
  location_id: string;
  evse_uid: string;
  connector_id: string;
  currency: string;
  charging_periods?: OcpiChargingPeriod[];
  total_cost?: OcpiPrice;
  status: OcpiSessionStatus;
  last_updated: string;
}

/** A token of an eMSP (the `tokens` table) that a session was started with. */
export interface RoamingToken {
  countryCode: string;
  partyId: string;
  uid: string;
  type: string;
  contractId: string;
  whitelist: string;
}

/** Where a session runs, as OCPI names it (location, EVSE uid, connector id). */
export interface SessionPlace {
  locationId: string;
  evseUid: string;
  connectorId: string;
}

/** A location an operator published (the `locations` table), as a CDR's `cdr_location` needs it. */
export interface PublishedLocation extends LocationAddress {
  locationId: string;
  connector: Pick<ConnectorSpec, 'standard' | 'format' | 'powerType'>;
}

/** What is published about a station: its location (null: in none) and its EVSE's uid (null: no EVSE row yet). */
export interface PublishedStation {
  location: PublishedLocation | null;
  evseUid: string | null;
}

/** OCPI's "no data available" for a required string field (transport_and_format). */
export const NOT_AVAILABLE = '#NA';

/**
 * Where a session runs in OCPI terms. The location is the station's published location; a station
 * in no location still has roaming sessions (the eMSP must be able to bill them), and then its
 * station id is the `location_id` (hashed to 36 characters when longer), so the eMSP can still
 * tell stations apart. The EVSE uid is the published EVSE's (or the one it will be published with,
 * `<stationId>-<evseId>`); `#NA` while the station has not said which EVSE (1.6: connector) it is.
 * Every EVSE has one connector, id `1`.
 */
export function placeOf(stationId: string, evseId: number | undefined, station: PublishedStation): SessionPlace {
  const locationId = station.location?.locationId ?? ciString36(stationId);
  if (evseId === undefined) return { locationId, evseUid: NOT_AVAILABLE, connectorId: NOT_AVAILABLE };
  return { locationId, evseUid: station.evseUid ?? evseUid(stationId, evseId), connectorId: CONNECTOR_ID };
}

/** The EVSE of a lifecycle record: 2.x evseId, 1.6 connectorId (a 1.6 connector is an EVSE); undefined when not said. */
export function evseOf(event: Pick<SessionLifecycleEvent, 'evseId' | 'connectorId'>): number | undefined {
  const id = event.evseId ?? event.connectorId;
  return id === undefined || id === 0 ? undefined : id;
}

/** How the session was authorized: a START_SESSION command of the eMSP, or the token itself. */
export interface SessionOrigin {
  authMethod: OcpiAuthMethod;
  authorizationReference?: string;
}

/** What a lifecycle record pushes: the whole session (PUT) or the fields that changed (PATCH). */
export type SessionPush = { method: 'PUT'; body: OcpiSession } | { method: 'PATCH'; body: Partial<OcpiSession> & { last_updated: string } };

/** A roaming session as stored: the OCPI object and when it was last pushed. */
export interface StoredSession {
  session: OcpiSession;
  pushedAt: Date | null;
}

/** What applying a lifecycle record does: the session to store and, when due, the push. */
export interface SessionChange {
  session: OcpiSession;
  push: SessionPush | undefined;
}

/**
 * The value of a normalized id token key: sessions.lifecycle.v1 carries `<type>:<VALUE>` (the
 * value upper-cased, the OCPP token type before the first colon; types have no colon, values may).
 */
export function tokenValueOf(idTokenKey: string): string {
  const colon = idTokenKey.indexOf(':');
  return (colon < 0 ? idTokenKey : idTokenKey.slice(colon + 1)).toUpperCase();
}

/** The OCPI token type an OCPP token type most likely is (preferred when several eMSP tokens share the value). */
export function ocpiTypeOfKey(idTokenKey: string): OcpiTokenType | undefined {
  const colon = idTokenKey.indexOf(':');
  if (colon < 0) return undefined;
  const ocppType = idTokenKey.slice(0, colon);
  if (ocppType === 'ISO14443' || ocppType === 'ISO15693') return 'RFID';
  if (ocppType === 'Central' || ocppType === 'eMAID') return 'APP_USER';
  return undefined;
}

export function cdrTokenOf(token: RoamingToken): OcpiCdrToken {
  return {
    country_code: token.countryCode,
    party_id: token.partyId,
    uid: token.uid,
    type: token.type,
    contract_id: token.contractId,
  };
}

/**
 * How the CPO authorized the token: a START_SESSION command (COMMAND, with its
 * authorization_reference), a real-time authorization with the eMSP (AUTH_REQUEST, with the
 * reference its AuthorizationInfo gave), else the cached token (WHITELIST); a token whose
 * whitelist is NEVER can only have been authorized by asking the eMSP (AUTH_REQUEST).
 */
export function originOf(
  token: RoamingToken,
  command: { authorizationReference?: string } | undefined,
  realTime?: { authorizationReference?: string },
): SessionOrigin {
  const withReference = (authMethod: OcpiAuthMethod, from: { authorizationReference?: string }): SessionOrigin => ({
    authMethod,
    ...(from.authorizationReference !== undefined ? { authorizationReference: from.authorizationReference } : {}),
  });
  if (command) return withReference('COMMAND', command);
  if (realTime) return withReference('AUTH_REQUEST', realTime);
  return { authMethod: token.whitelist === 'NEVER' ? 'AUTH_REQUEST' : 'WHITELIST' };
}

/** A decimal as an OCPI number, rounded to `dp` places (OCPI numbers are JSON numbers). */
export function ocpiNumber(value: BillingDecimal, dp = 6): number {
  return value.toDecimalPlaces(dp).toNumber();
}

/** Wh (never negative, possibly fractional) as kWh, exact to the Wh's thousandth (6 places). */
export function kwhOf(energyWh: number): number {
  return ocpiNumber(new BillingDecimal(String(Math.max(0, energyWh))).dividedBy(1000));
}

/** Seconds as hours (OCPI time dimensions), 6 places. */
export function hoursOf(seconds: BillingDecimal | number): number {
  return ocpiNumber(new BillingDecimal(seconds).dividedBy(3600));
}

/** An id for an OCPI CiString(36) field: as is when it fits, else a stable hash of it (36 hex digits). */
export function ciString36(value: string): string {
  return value.length <= 36 ? value : createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 36);
}

/** A Price from exact decimal strings (amounts rounded to minor units already). */
export function priceOf(exclVat: string, inclVat: string): OcpiPrice {
  return { excl_vat: new BillingDecimal(exclVat).toNumber(), incl_vat: new BillingDecimal(inclVat).toNumber() };
}

/**
 * What the session costs up to a lifecycle record (the running cost; at Ended the final one):
 * the billing rules (costOfTotals: ADR 0016) over the record's totals with the tariff billing
 * will bill it with, so the eMSP sees the cost grow to what the CDR bills. Up to the record's own
 * time, not the clock's: a re-delivered record costs the same. Throws BillingError.
 */
export function sessionCost(tariff: Tariff, event: SessionLifecycleEvent): OcpiPrice {
  const ended = event.type === 'Ended';
  const until = new Date(ended ? (event.endedAt ?? event.occurredAt) : event.occurredAt);
  const cost = costOfTotals(
    {
      startedAt: new Date(event.startedAt),
      endedAt: ended ? until : null,
      energyWh: String(event.energyWh),
      chargingSeconds: event.chargingSeconds,
      idleSeconds: event.idleSeconds,
    },
    tariff,
    until,
  );
  return priceOf(cost.totalExclTax.toString(), cost.totalInclTax.toString());
}

/** A lifecycle timestamp as OCPI DateTime (UTC, `Z`). */
export function ocpiDateTime(value: string | Date): string {
  return new Date(value).toISOString();
}

export interface NewSessionInput {
  event: SessionLifecycleEvent;
  cpo: { countryCode: string; partyId: string };
  token: RoamingToken;
  place: SessionPlace;
  origin: SessionOrigin;
  currency: string;
  /** The running (or final) cost up to the record, when a tariff prices the session. */
  totalCost: OcpiPrice | undefined;
  now: Date;
}

/**
 * The session a lifecycle record creates (normally `Started`; an `Updated` that first names the
 * token, or an `Ended` that overtook its Started, create it too): status ACTIVE, or COMPLETED
 * when the record is an Ended. Pushed whole (PUT).
 */
export function newSession(input: NewSessionInput): SessionChange {
  const { event, cpo, token, place, origin, currency, totalCost, now } = input;
  const ended = event.type === 'Ended';
  const session: OcpiSession = {
    country_code: cpo.countryCode,
    party_id: cpo.partyId,
    id: event.sessionId,
    start_date_time: ocpiDateTime(event.startedAt),
    ...(ended ? { end_date_time: ocpiDateTime(event.endedAt ?? event.occurredAt) } : {}),
    kwh: kwhOf(event.energyWh),
    cdr_token: cdrTokenOf(token),
    auth_method: origin.authMethod,
    ...(origin.authorizationReference !== undefined ? { authorization_reference: origin.authorizationReference } : {}),
    location_id: place.locationId,
    evse_uid: place.evseUid,
    connector_id: place.connectorId,
    currency,
    ...(totalCost ? { total_cost: totalCost } : {}),
    status: ended ? 'COMPLETED' : 'ACTIVE',
    last_updated: now.toISOString(),
  };
  return { session, push: { method: 'PUT', body: session } };
}

const samePrice = (a: OcpiPrice | undefined, b: OcpiPrice | undefined): boolean =>
  a?.excl_vat === b?.excl_vat && a?.incl_vat === b?.incl_vat;

/**
 * What a lifecycle record changes on a stored session; undefined = nothing (a re-delivered
 * record, a Started of a known session, anything after COMPLETED, an Updated with no more energy
 * and no higher cost). Updated: kwh (and the cost) are stored at once and pushed (PATCH) at most
 * every `updateIntervalMs` since the last push. Ended: COMPLETED with end time and final kwh,
 * pushed at once.
 */
export function changeSession(
  stored: StoredSession,
  event: SessionLifecycleEvent,
  context: { totalCost: OcpiPrice | undefined; now: Date; updateIntervalMs: number; place?: SessionPlace },
): SessionChange | undefined {
  const current = stored.session;
  if (current.status === 'COMPLETED' || event.type === 'Started') return undefined;
  const { totalCost, now, place } = context;
  const lastUpdated = now.toISOString();
  const cost = totalCost ? { total_cost: totalCost } : {};
  // The EVSE learnt late (a 2.x transaction that named it after it started).
  const evse =
    current.evse_uid === NOT_AVAILABLE && place && place.evseUid !== NOT_AVAILABLE
      ? { evse_uid: place.evseUid, connector_id: place.connectorId }
      : {};
  const kwh = kwhOf(event.energyWh);
  if (event.type === 'Ended') {
    const session: OcpiSession = {
      ...current,
      ...cost,
      ...evse,
      end_date_time: ocpiDateTime(event.endedAt ?? event.occurredAt),
      kwh: Math.max(kwh, current.kwh),
      status: 'COMPLETED',
      last_updated: lastUpdated,
    };
    const body = {
      status: session.status,
      end_date_time: session.end_date_time,
      kwh: session.kwh,
      ...cost,
      ...evse,
      last_updated: lastUpdated,
    };
    return { session, push: { method: 'PATCH', body } };
  }
  const moreEnergy = kwh > current.kwh;
  const higherCost =
    totalCost !== undefined && !samePrice(totalCost, current.total_cost) && totalCost.excl_vat >= (current.total_cost?.excl_vat ?? 0);
  const evseLearnt = 'evse_uid' in evse;
  if (!moreEnergy && !higherCost && !evseLearnt) return undefined;
  const session: OcpiSession = { ...current, ...cost, ...evse, kwh: Math.max(kwh, current.kwh), last_updated: lastUpdated };
  const due = evseLearnt || stored.pushedAt === null || now.getTime() - stored.pushedAt.getTime() >= context.updateIntervalMs;
  return { session, push: due ? { method: 'PATCH', body: { kwh: session.kwh, ...cost, ...evse, last_updated: lastUpdated } } : undefined };
}
