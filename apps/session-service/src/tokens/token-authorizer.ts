import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_TOKEN_TYPE,
  decideAuthorization,
  idTagKey,
  selectIdTagMatch,
  tokenKey,
  type AuthorizationDecision,
  type IdTokenRef,
} from '@voltlane/authorization';
import { SessionRepository } from '../persistence/session.repository';
import { TokenRepository } from '../persistence/token.repository';

export interface TokenCheck {
  /** The token's key in customers.tokens.v1 (for an unknown 1.6 idTag: as if of the default type). */
  key: string;
  decision: AuthorizationDecision;
}

/** Re-checks an id token against the token read model and the sessions it already runs (ConcurrentTx). */
@Injectable()
export class TokenAuthorizer {
  constructor(
    @Inject(TokenRepository) private readonly tokens: TokenRepository,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
  ) {}

  /** 1.6 idTag: matched on its value (case-insensitive), whatever the token type. */
  async checkIdTag(m: EntityManager, idTag: string, exceptSessionId?: string): Promise<TokenCheck> {
    const token = selectIdTagMatch(idTag, await this.tokens.findByIdTagKey(m, idTagKey(idTag)));
    const key = token?.key ?? tokenKey({ idToken: idTag, type: DEFAULT_TOKEN_TYPE });
    const activeSessions = token ? await this.sessions.countActive(m, key, exceptSessionId) : 0;
    return { key, decision: decideAuthorization(token, { now: new Date(), activeSessions }) };
  }

  /** 2.x idToken: matched on type and value. `NoAuthorization` needs no token and is accepted. */
  async checkIdToken(m: EntityManager, idToken: IdTokenRef, exceptSessionId?: string): Promise<TokenCheck> {
    const key = tokenKey(idToken);
    if (idToken.type === 'NoAuthorization') return { key, decision: { status: 'Accepted' } };
    const token = await this.tokens.findByKey(m, key);
    const activeSessions = token ? await this.sessions.countActive(m, key, exceptSessionId) : 0;
    return { key, decision: decideAuthorization(token, { now: new Date(), activeSessions }) };
  }
}
