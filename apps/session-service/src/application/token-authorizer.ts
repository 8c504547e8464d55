import type { EntityManager } from 'typeorm';
import {
  DEFAULT_TOKEN_TYPE,
  MasterPass,
  decideAuthorization,
  idTagKey,
  selectIdTagMatch,
  tokenKey,
  type AuthorizationDecision,
  type AuthorizationToken,
  type IdTokenRef,
} from '@voltlane/authorization';
import type { SessionRepository } from '../persistence/session.repository';
import type { TokenRepository } from '../persistence/token.repository';

export interface TokenCheck {
  /** The token's key in customers.tokens.v1 (for an unknown 1.6 idTag: as if of the default type). */
  key: string;
  decision: AuthorizationDecision;
  /** The token is in the configured MasterPassGroupId: it may stop any transaction, but not start one. */
  masterPass: boolean;
}

/** Re-checks an id token against the token read model and the sessions it already runs (ConcurrentTx). */
export class TokenAuthorizer {
  private readonly masterPass: MasterPass;

  constructor(
    private readonly tokens: TokenRepository,
    private readonly sessions: SessionRepository,
    masterPassGroupId: string | undefined,
  ) {
    this.masterPass = new MasterPass(masterPassGroupId);
  }

  /** 1.6 idTag: matched on its value (case-insensitive), whatever the token type. */
  async checkIdTag(m: EntityManager, idTag: string, exceptSessionId?: string): Promise<TokenCheck> {
    const token = selectIdTagMatch(idTag, await this.tokens.findByIdTagKey(m, idTagKey(idTag)));
    const key = token?.key ?? tokenKey({ idToken: idTag, type: DEFAULT_TOKEN_TYPE });
    return this.decide(m, key, token, exceptSessionId);
  }

  /** 2.x idToken: matched on type and value. `NoAuthorization` needs no token and is accepted. */
  async checkIdToken(m: EntityManager, idToken: IdTokenRef, exceptSessionId?: string): Promise<TokenCheck> {
    const key = tokenKey(idToken);
    if (idToken.type === 'NoAuthorization') return { key, decision: { status: 'Accepted' }, masterPass: false };
    return this.decide(m, key, await this.tokens.findByKey(m, key), exceptSessionId);
  }

  /** ConcurrentTx does not apply to a master pass: it never charges itself. */
  private async decide(
    m: EntityManager,
    key: string,
    token: AuthorizationToken | null,
    exceptSessionId: string | undefined,
  ): Promise<TokenCheck> {
    const masterPass = this.masterPass.isMasterPass(token);
    const activeSessions = token && !masterPass ? await this.sessions.countActive(m, key, exceptSessionId) : 0;
    return { key, decision: decideAuthorization(token, { now: new Date(), activeSessions }), masterPass };
  }
}
