import type { AuthorizationContext, AuthorizationDecision, AuthorizationToken } from './authorization-token';

/**
 * Decides whether a token may charge, version-neutral and without I/O. Order:
 * unknown → `Unknown`; an operator status other than Accepted wins (Blocked, Expired, Invalid);
 * an Accepted token past its expiry (strictly after `expiryDate`) → `Expired`; an Accepted token
 * already in `maxActiveSessions` sessions → `ConcurrentTx`; otherwise `Accepted`.
 * A known token's expiry and group are always reported, so the station can cache them.
 */
export function decideAuthorization(token: AuthorizationToken | null, context: AuthorizationContext): AuthorizationDecision {
  if (!token) return { status: 'Unknown' };
  const details: Omit<AuthorizationDecision, 'status'> = {
    ...(token.expiryDate ? { expiryDate: new Date(token.expiryDate).toISOString() } : {}),
    ...(token.groupIdToken ? { groupIdToken: { idToken: token.groupIdToken.idToken, type: token.groupIdToken.type } } : {}),
  };
  if (token.status !== 'Accepted') return { status: token.status, ...details };
  if (isExpired(token, context.now)) return { status: 'Expired', ...details };
  if (token.maxActiveSessions !== undefined && token.maxActiveSessions !== null && context.activeSessions >= token.maxActiveSessions) {
    return { status: 'ConcurrentTx', ...details };
  }
  return { status: 'Accepted', ...details };
}

/** A token is valid up to and including its expiry instant ("after which it must be considered invalid"). */
export function isExpired(token: Pick<AuthorizationToken, 'expiryDate'>, now: Date): boolean {
  if (!token.expiryDate) return false;
  const expiry = new Date(token.expiryDate).getTime();
  return Number.isNaN(expiry) ? false : now.getTime() > expiry;
}
