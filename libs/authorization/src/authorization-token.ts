/** The status an operator gives a token. `Expired` may also be derived from `expiryDate`. */
export type TokenStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';

export const TOKEN_STATUSES: readonly TokenStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

/** An OCPP 2.x IdTokenType without its extensions: the value as presented, and its type. */
export interface IdTokenRef {
  /** The value as entered or presented (original spelling kept). */
  idToken: string;
  /** 2.0.1 IdTokenEnumType or 2.1 IdTokenEnumStringType (`ISO14443`, `eMAID`, `Central`, …). */
  type: string;
}

/**
 * What an authorization decision needs to know about a token. A plain, serializable shape: the
 * customer-service passes its stored tokens, and other services pass their read model of
 * `customers.tokens.v1` (whose snapshot has these fields under the same names).
 */
export interface AuthorizationToken {
  idToken: string;
  type: string;
  status: TokenStatus;
  /** ISO 8601 date-time after which the token is no longer valid; absent/null = no end. */
  expiryDate?: string | null;
  /** The group (1.6 parentIdTag, 2.x groupIdToken); absent/null = no group. */
  groupIdToken?: IdTokenRef | null;
  /** At most this many sessions at once (→ ConcurrentTx); absent/null = no limit. */
  maxActiveSessions?: number | null;
}

/**
 * The outcome of an authorization, version-neutral. `Unknown` is the status of a token the CSMS
 * does not know (1.6 answers `Invalid`, 2.x `Unknown`).
 */
export type AuthorizationStatus = TokenStatus | 'ConcurrentTx' | 'Unknown';

export interface AuthorizationDecision {
  status: AuthorizationStatus;
  /** The token's expiry (ISO 8601), for 1.6 `expiryDate` / 2.x `cacheExpiryDateTime`. */
  expiryDate?: string;
  groupIdToken?: IdTokenRef;
}

export interface AuthorizationContext {
  now: Date;
  /** Sessions currently running with this token (not counting the one being authorized). */
  activeSessions: number;
}
