import type { AuthorizationToken, IdTokenRef } from './authorization-token';

/**
 * Token identity. Both OCPP 1.6 (idTag: CiString20) and 2.x (the IdTokenType schema: "IdToken
 * is case insensitive") define the value as case-insensitive, so every key uses the value in
 * upper case (locale-independent) and the original spelling is stored beside it.
 *
 * - `tokenKey({idToken, type})` = `<type>:<VALUE>`: the identity of a stored token and the Kafka
 *   key of `customers.tokens.v1`. 2.x Authorize matches on it (type must match).
 * - `idTagKey(idTag)` = `<VALUE>`: what a 1.6 station presents has no type, so 1.6 matching is
 *   on the value alone; when tokens of several types share a value, `selectIdTagMatch` picks one
 *   deterministically.
 */
export function idTagKey(value: string): string {
  return value.toUpperCase();
}

export function tokenKey(token: IdTokenRef): string {
  return `${token.type}:${idTagKey(token.idToken)}`;
}

/** The type a token gets when none is given (1.6 idTags are usually RFID card UIDs). */
export const DEFAULT_TOKEN_TYPE = 'ISO14443';

/** Order in which token types answer a 1.6 idTag whose value several tokens share. */
export const ID_TAG_TYPE_PREFERENCE: readonly string[] = ['ISO14443', 'ISO15693', 'Local', 'Central', 'KeyCode', 'MacAddress', 'eMAID'];

/** Of the tokens whose value matches a 1.6 idTag (case-insensitively), the one that answers it. */
export function selectIdTagMatch<T extends AuthorizationToken>(idTag: string, candidates: readonly T[]): T | null {
  const key = idTagKey(idTag);
  const rank = (type: string): number => {
    const index = ID_TAG_TYPE_PREFERENCE.indexOf(type);
    return index < 0 ? ID_TAG_TYPE_PREFERENCE.length : index;
  };
  const matching = candidates.filter((c) => idTagKey(c.idToken) === key);
  matching.sort((a, b) => rank(a.type) - rank(b.type) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return matching[0] ?? null;
}
