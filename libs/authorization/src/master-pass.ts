import type { IdTokenRef } from './authorization-token';

/**
 * OCPP 2.0.1 Master Pass (use case C16): a token whose group is the configured
 * `MasterPassGroupId` may stop any transaction, and is never itself counted as charging, so
 * ConcurrentTx does not apply to it. Group ids match like id tokens: on the value, case-insensitive.
 */
export class MasterPass {
  constructor(readonly groupId: string | undefined) {}

  isMasterPass(token: { groupIdToken?: IdTokenRef | null } | null): boolean {
    const group = token?.groupIdToken?.idToken;
    return this.groupId !== undefined && group !== undefined && group.toLowerCase() === this.groupId.toLowerCase();
  }
}
