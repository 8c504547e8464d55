// Public surface of @voltlane/authorization: pure authorization decisions and their OCPP
// mappings, shared by the customer-service (Authorize) and the session-service (re-checks at
// StartTransaction / TransactionEvent). No I/O, no framework.
export {
  TOKEN_STATUSES,
  type AuthorizationContext,
  type AuthorizationDecision,
  type AuthorizationStatus,
  type AuthorizationToken,
  type IdTokenRef,
  type TokenStatus,
} from './authorization-token';
export { DEFAULT_TOKEN_TYPE, ID_TAG_TYPE_PREFERENCE, idTagKey, selectIdTagMatch, tokenKey } from './token-key';
export { decideAuthorization, isExpired } from './decide-authorization';
export { isIdTokenEnum201, toIdTagInfo, toIdTokenInfo201, toIdTokenInfo21, type IdTagInfo } from './ocpp-mappers';
export { MasterPass } from './master-pass';
