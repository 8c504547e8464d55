import {
  decideAuthorization,
  idTagKey,
  selectIdTagMatch,
  tokenKey,
  type AuthorizationDecision,
  type IdTokenRef,
} from '@voltlane/authorization';
import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import type { SessionTokenRepository } from '../persistence/session-token.repository';
import type { TokenRepository } from '../persistence/token.repository';
import type { MasterPass } from '@voltlane/authorization';
import { tokenSnapshot } from '../domain/token-snapshot';

/** Looks up a presented token and its running sessions, then applies the pure decision. */
export class AuthorizationService {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly sessions: SessionTokenRepository,
    private readonly masterPass: MasterPass,
  ) {}

  /** 1.6: the idTag matches case-insensitively on the value, whatever the stored type. */
  async authorizeIdTag(idTag: string, now: Date): Promise<AuthorizationDecision> {
    const candidates = (await this.tokens.findTokensByIdTagKey(idTagKey(idTag))).map((t) => tokenSnapshot(t));
    return this.decide(selectIdTagMatch(idTag, candidates), now);
  }

  /** 2.x: type and value (case-insensitive) must both match. `NoAuthorization` needs no token (as in the session-service). */
  async authorizeIdToken(ref: IdTokenRef, now: Date): Promise<AuthorizationDecision> {
    if (ref.type === 'NoAuthorization') return { status: 'Accepted' };
    const token = await this.tokens.findToken(tokenKey(ref));
    return this.decide(token ? tokenSnapshot(token) : null, now);
  }

  private async decide(token: CustomerTokenSnapshot | null, now: Date): Promise<AuthorizationDecision> {
    // Sessions carry the token key (`tokenKey`); the value key is counted too, for producers that only know a 1.6 idTag.
    // A master pass stops transactions and never charges itself: ConcurrentTx does not apply to it.
    const activeSessions = token && !this.masterPass.isMasterPass(token) ? await this.sessions.countActive([token.key, token.idTagKey]) : 0;
    return decideAuthorization(token, { now, activeSessions });
  }
}
