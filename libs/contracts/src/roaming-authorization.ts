/**
 * Real-time authorization of a roaming token: what the customer-service asks the ocpi-service
 * (`POST /api/v1/ocpi/authorizations`) and what it answers. One definition for both sides of the
 * call (ADR 0027).
 */

/** The statuses answered: the OCPP 2.x ones a station can be told, and `Unknown` (no partner knows the token). */
export const ROAMING_AUTHORIZATION_STATUSES = [
  'Accepted',
  'Blocked',
  'Expired',
  'NoCredit',
  'NotAllowedTypeEVSE',
  'Invalid',
  'Unknown',
] as const;
export type RoamingAuthorizationStatus = (typeof ROAMING_AUTHORIZATION_STATUSES)[number];

/** A token presented at a station that no local rule accepts: its eMSP is asked. */
export interface RoamingAuthorizationRequest {
  idToken: string;
  /** The OCPP id token type (ISO14443, eMAID, Central …; 2.x); a 1.6 idTag has none. */
  type?: string;
  stationId: string;
  evseId?: number;
}

/** The answer: the eMSP's (`emsp`) or the ocpi-service's offline policy's (`policy`). */
export interface RoamingAuthorizationDecision {
  status: RoamingAuthorizationStatus;
  source: 'emsp' | 'policy';
  countryCode?: string;
  partyId?: string;
  authorizationReference?: string;
  /** Until when the answer may be reused for this token (ISO 8601; Accepted only). */
  cacheExpiresAt?: string;
  info?: string;
}

/** Checks an answer's shape (input from another process); undefined when it is not one. */
export function parseRoamingAuthorizationDecision(body: unknown): RoamingAuthorizationDecision | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (!(ROAMING_AUTHORIZATION_STATUSES as readonly unknown[]).includes(b.status)) return undefined;
  if (b.source !== 'emsp' && b.source !== 'policy') return undefined;
  const text = (key: string) => (typeof b[key] === 'string' ? { [key]: b[key] } : {});
  return {
    status: b.status as RoamingAuthorizationStatus,
    source: b.source,
    ...text('countryCode'),
    ...text('partyId'),
    ...text('authorizationReference'),
    ...text('cacheExpiresAt'),
    ...text('info'),
  };
}
