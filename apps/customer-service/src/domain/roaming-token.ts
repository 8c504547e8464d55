import { createHash } from 'node:crypto';
import type { IdTokenRef, TokenStatus } from '@voltlane/authorization';
import { ocppIdTokenTypeOf, type OcpiTokenEvent } from '@voltlane/contracts';

/** How a roaming token (an eMSP's, from ocpi.tokens.v1) authorizes here. */
export interface RoamingTokenState {
  status: TokenStatus;
  /** Set while a command of the eMSP authorizes a token that is not whitelisted: Expired after it. */
  expiryDate: Date | null;
}

/**
 * A roaming token authorizes like a local one when its eMSP lets the CPO whitelist it: valid and
 * whitelist ALWAYS, ALLOWED or ALLOWED_OFFLINE → Accepted. A command of the eMSP (START_SESSION,
 * RESERVE_NOW) authorizes it until `authorizedUntil` whatever its whitelist. Otherwise it is
 * refused: `valid: false` → Blocked; whitelist NEVER → Invalid, which Authorize then asks the eMSP
 * about in real time (AuthorizationService, when a RoamingAuthorizer is configured).
 */
export function roamingTokenState(event: Pick<OcpiTokenEvent, 'valid' | 'whitelist' | 'authorizedUntil'>): RoamingTokenState {
  if (event.valid && event.whitelist !== 'NEVER') return { status: 'Accepted', expiryDate: null };
  if (event.authorizedUntil !== undefined) return { status: 'Accepted', expiryDate: new Date(event.authorizedUntil) };
  return { status: event.valid ? 'Invalid' : 'Blocked', expiryDate: null };
}

/** The id token a roaming token is: its uid, ISO14443 for an RFID card, Central for an app's id. */
export function roamingTokenRef(event: Pick<OcpiTokenEvent, 'uid' | 'type'>): IdTokenRef {
  return { idToken: event.uid, type: ocppIdTokenTypeOf(event.type) };
}

/** The customer of one eMSP party (`OCPI NL*TNM`): a stable id derived from the party (UUID v5 form), so every replica picks the same. */
export function partyCustomer(countryCode: string, partyId: string): { id: string; name: string } {
  const party = `${countryCode.toUpperCase()}*${partyId.toUpperCase()}`;
  const hash = createHash('sha1').update(`voltlane:ocpi-party:${party}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, name: `OCPI ${party}` };
}

/** Whether a customer is the one `partyCustomer` makes for an eMSP party (its name and its derived id agree). */
export function isPartyCustomer(customer: { id: string; name: string }): boolean {
  const match = /^OCPI ([A-Z]{2})\*([A-Z0-9]{3})$/.exec(customer.name);
  return match !== null && partyCustomer(match[1], match[2]).id === customer.id;
}
