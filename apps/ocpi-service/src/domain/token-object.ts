import {
  OCPI_TOKEN_TYPES,
  OCPI_WHITELIST_TYPES,
  type OcpiTokenEvent,
  type OcpiTokenType,
  type OcpiWhitelistType,
} from '@voltlane/contracts';
import { FieldProblems, bool, ciString, dateTime, isObject, oneOf, plainString, sameCi, type Json } from './token-fields';

/** The OCPI 2.2.1 Token object (mod_tokens), as stored and answered. */
export interface OcpiToken {
  country_code: string;
  party_id: string;
  uid: string;
  type: OcpiTokenType;
  contract_id: string;
  visual_number?: string;
  issuer: string;
  group_id?: string;
  valid: boolean;
  whitelist: OcpiWhitelistType;
  language?: string;
  default_profile_type?: string;
  energy_contract?: { supplier_name: string; contract_id?: string };
  last_updated: string;
}

/** Where a token lives: the URL of the tokens receiver (`/{country_code}/{party_id}/{token_uid}?type=`). */
export interface TokenAddress {
  countryCode: string;
  partyId: string;
  uid: string;
  type: OcpiTokenType;
}

const PROFILE_TYPES = ['CHEAP', 'FAST', 'GREEN', 'REGULAR'] as const;

/** The result of reading a partner's object: the object, or every problem found in it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `?type=` of the tokens receiver (default RFID); undefined when it names no TokenType. */
export function tokenTypeParam(type: string | undefined): OcpiTokenType | undefined {
  if (type === undefined || type === '') return 'RFID';
  return (OCPI_TOKEN_TYPES as readonly string[]).includes(type) ? (type as OcpiTokenType) : undefined;
}

/**
 * A complete Token (PUT, or inside a command): every required field, each of its type; `path`
 * prefixes the field names in the problems (e.g. `token.`).
 */
export function readToken(body: unknown, p: FieldProblems, path = ''): OcpiToken | undefined {
  if (!isObject(body)) {
    p.add(path ? path.replace(/\.$/, '') : 'body', 'must be a Token object');
    return undefined;
  }
  const at = (field: string): string => `${path}${field}`;
  const countryCode = ciString(p, body, 'country_code', 2, true, at('country_code'));
  const partyId = ciString(p, body, 'party_id', 3, true, at('party_id'));
  if (countryCode !== undefined && !/^[A-Za-z]{2}$/.test(countryCode)) p.add(at('country_code'), 'must be two letters');
  if (partyId !== undefined && !/^[A-Za-z0-9]{3}$/.test(partyId)) p.add(at('party_id'), 'must be three letters or digits');
  const token = {
    country_code: countryCode?.toUpperCase(),
    party_id: partyId?.toUpperCase(),
    uid: ciString(p, body, 'uid', 36, true, at('uid')),
    type: oneOf(p, body, 'type', OCPI_TOKEN_TYPES, true, at('type')),
    contract_id: ciString(p, body, 'contract_id', 36, true, at('contract_id')),
    visual_number: plainString(p, body, 'visual_number', 64, false, at('visual_number')),
    issuer: plainString(p, body, 'issuer', 64, true, at('issuer')),
    group_id: ciString(p, body, 'group_id', 36, false, at('group_id')),
    valid: bool(p, body, 'valid', true, at('valid')),
    whitelist: oneOf(p, body, 'whitelist', OCPI_WHITELIST_TYPES, true, at('whitelist')),
    language: plainString(p, body, 'language', 2, false, at('language')),
    default_profile_type: oneOf(p, body, 'default_profile_type', PROFILE_TYPES, false, at('default_profile_type')),
    energy_contract: energyContract(p, body.energy_contract, at('energy_contract')),
    last_updated: dateTime(p, body, 'last_updated', true, at('last_updated')),
  };
  return p.ok ? withoutUndefined(token as OcpiToken) : undefined;
}

/** A PUT to `address`: a complete Token whose ids are the URL's (2001 otherwise). */
export function parsePutToken(body: unknown, address: TokenAddress): Parsed<OcpiToken> {
  const p = new FieldProblems();
  const token = readToken(body, p);
  if (token) sameIds(p, token, address);
  return token && p.ok ? { ok: true, value: token } : { ok: false, message: `Invalid Token: ${p.message()}` };
}

/**
 * A PATCH of `stored`: `last_updated` is required; the fields present replace the stored ones
 * (each checked as in a PUT); the ids may be repeated but not changed.
 */
export function applyTokenPatch(stored: OcpiToken, body: unknown): Parsed<OcpiToken> {
  if (!isObject(body)) return { ok: false, message: 'Invalid Token patch: the body must be a JSON object' };
  const p = new FieldProblems();
  if (body.last_updated === undefined || body.last_updated === null) p.add('last_updated', 'is required in a PATCH');
  const merged: Json = { ...stored };
  for (const [field, value] of Object.entries(body)) merged[field] = value;
  const token = readToken(merged, p);
  if (token) sameIds(p, token, { countryCode: stored.country_code, partyId: stored.party_id, uid: stored.uid, type: stored.type });
  return token && p.ok ? { ok: true, value: { ...token, uid: stored.uid } } : { ok: false, message: `Invalid Token patch: ${p.message()}` };
}

function sameIds(p: FieldProblems, token: OcpiToken, address: TokenAddress): void {
  if (!sameCi(token.country_code, address.countryCode)) p.add('country_code', `must be the URL's country_code ${address.countryCode}`);
  if (!sameCi(token.party_id, address.partyId)) p.add('party_id', `must be the URL's party_id ${address.partyId}`);
  if (!sameCi(token.uid, address.uid)) p.add('uid', `must be the URL's token_uid ${address.uid}`);
  if (token.type !== address.type) p.add('type', `must be the URL's type ${address.type} (RFID when the URL has none)`);
}

function energyContract(p: FieldProblems, value: unknown, path: string): OcpiToken['energy_contract'] {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    p.add(path, 'must be an EnergyContract object');
    return undefined;
  }
  const supplier = plainString(p, value, 'supplier_name', 64, true, `${path}.supplier_name`);
  const contract = plainString(p, value, 'contract_id', 64, false, `${path}.contract_id`);
  return supplier === undefined ? undefined : { supplier_name: supplier, ...(contract !== undefined ? { contract_id: contract } : {}) };
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** The `ocpi.tokens.v1` record of a stored token. */
export function tokenEvent(token: OcpiToken, authorizedUntil: Date | null): OcpiTokenEvent {
  return {
    countryCode: token.country_code,
    partyId: token.party_id,
    uid: token.uid,
    type: token.type,
    contractId: token.contract_id,
    valid: token.valid,
    whitelist: token.whitelist,
    ...(token.group_id ? { groupId: token.group_id } : {}),
    ...(authorizedUntil ? { authorizedUntil: authorizedUntil.toISOString() } : {}),
    lastUpdated: token.last_updated,
  };
}
