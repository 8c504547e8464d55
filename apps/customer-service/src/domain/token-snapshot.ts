import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import type { IdTokenEntity } from '../persistence/id-token.entity';

/** The `customers.tokens.v1` snapshot of a stored token (the token's state as others see it). */
export function tokenSnapshot(token: IdTokenEntity, deleted = false): CustomerTokenSnapshot {
  return {
    key: token.key,
    idTagKey: token.idTagKey,
    idToken: token.idToken,
    type: token.type,
    status: token.status,
    ...(token.customerId ? { customerId: token.customerId } : {}),
    ...(token.expiryDate ? { expiryDate: token.expiryDate.toISOString() } : {}),
    ...(token.groupIdToken !== null && token.groupType !== null
      ? { groupIdToken: { idToken: token.groupIdToken, type: token.groupType } }
      : {}),
    ...(token.maxActiveSessions !== null ? { maxActiveSessions: token.maxActiveSessions } : {}),
    revision: token.revision,
    deleted,
    updatedAt: token.updatedAt.toISOString(),
  };
}
