import type { v16, v201, v21 } from '@voltlane/ocpp';
import type { AuthorizationDecision } from './authorization-token';

export type IdTagInfo = v16.AuthorizeResponse['idTagInfo'];

/** 1.6 `idTagInfo`: an unknown token is `Invalid`; `parentIdTag` is the group's value (CiString20). */
export function toIdTagInfo(decision: AuthorizationDecision): IdTagInfo {
  const status = decision.status === 'Unknown' ? 'Invalid' : decision.status;
  const parent = decision.groupIdToken?.idToken;
  return {
    status,
    ...(decision.expiryDate ? { expiryDate: decision.expiryDate } : {}),
    ...(parent !== undefined && parent.length <= 20 ? { parentIdTag: parent } : {}),
  };
}

/** 2.0.1 `idTokenInfo`: `cacheExpiryDateTime` is the token's expiry; the group as a 2.0.1 IdTokenType. */
export function toIdTokenInfo201(decision: AuthorizationDecision): v201.IdTokenInfoType {
  const group = decision.groupIdToken;
  return {
    status: decision.status,
    ...(decision.expiryDate ? { cacheExpiryDateTime: decision.expiryDate } : {}),
    // A group of a type 2.0.1 does not know (a 2.1-only type) is left out rather than sent invalid.
    ...(group && isIdTokenEnum201(group.type) ? { groupIdToken: { idToken: group.idToken, type: group.type } } : {}),
  };
}

/** 2.1 `idTokenInfo` (token types are open strings in 2.1). */
export function toIdTokenInfo21(decision: AuthorizationDecision): v21.IdTokenInfoType {
  const group = decision.groupIdToken;
  return {
    status: decision.status,
    ...(decision.expiryDate ? { cacheExpiryDateTime: decision.expiryDate } : {}),
    ...(group ? { groupIdToken: { idToken: group.idToken, type: group.type } } : {}),
  };
}

const ID_TOKEN_ENUM_201: readonly v201.IdTokenEnumType[] = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
];

export function isIdTokenEnum201(type: string): type is v201.IdTokenEnumType {
  return (ID_TOKEN_ENUM_201 as readonly string[]).includes(type);
}
