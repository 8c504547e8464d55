import type { AuthorizationDecision } from '@voltlane/authorization';
import {
  parseRoamingAuthorizationDecision,
  ROAMING_AUTHORIZATION_STATUSES,
  type RoamingAuthorizationDecision,
  type RoamingAuthorizationRequest,
  type RoamingAuthorizationStatus,
} from '@voltlane/contracts';

/** The ocpi-service's contract (libs/contracts), under the names this service uses. */
export const ROAMING_STATUSES = ROAMING_AUTHORIZATION_STATUSES;
export type RoamingStatus = RoamingAuthorizationStatus;
export type RoamingDecision = RoamingAuthorizationDecision;
export type { RoamingAuthorizationRequest };

/**
 * Real-time authorization of roaming tokens with their eMSP (through the ocpi-service). Resolves
 * undefined when it cannot answer (not configured, unreachable, too slow): the token is refused as
 * before. Never takes longer than its own timeout.
 */
export interface RoamingAuthorizer {
  authorize(request: RoamingAuthorizationRequest): Promise<RoamingDecision | undefined>;
}

/** What the station is told: the OCPP 2.x statuses (1.6 narrows them with `toIdTagStatus16`). */
export type AuthorizeStatus = AuthorizationDecision['status'] | 'NoCredit' | 'NotAllowedTypeEVSE';

/** An authorization decision that may carry the 2.x-only statuses a roaming answer can give. */
export type AuthorizeDecision = Omit<AuthorizationDecision, 'status'> & { status: AuthorizeStatus };

/**
 * The eMSP's answer as an authorization decision: `Unknown` (no partner knows the token) is
 * Invalid; Accepted carries `cacheExpiresAt` as the expiry a station may cache it until.
 */
export function roamingAuthorizationDecision(decision: RoamingDecision): AuthorizeDecision {
  const status: AuthorizeStatus = decision.status === 'Unknown' ? 'Invalid' : decision.status;
  const expiry = decision.cacheExpiresAt ? new Date(decision.cacheExpiresAt) : undefined;
  return status === 'Accepted' && expiry && !Number.isNaN(expiry.getTime()) ? { status, expiryDate: expiry.toISOString() } : { status };
}

/** OCPP 1.6 knows Accepted, Blocked, Expired, Invalid (and ConcurrentTx): the rest is Invalid. */
export function toIdTagStatus16(status: AuthorizeStatus): AuthorizationDecision['status'] {
  return status === 'NoCredit' || status === 'NotAllowedTypeEVSE' ? 'Invalid' : status;
}

/** Checks an answer's shape (an adapter's input from another process); undefined when it is not one. */
export const parseRoamingDecision = parseRoamingAuthorizationDecision;
