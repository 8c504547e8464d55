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
import { isPartyCustomer } from '../domain/roaming-token';
import { roamingAuthorizationDecision, type AuthorizeDecision, type RoamingAuthorizer } from './roaming/roaming-authorizer';

/** Where the token is presented (asked of the eMSP with a roaming token). */
export interface AuthorizePlace {
  stationId: string;
  evseId?: number;
}

/**
 * Looks up a presented token and its running sessions, then applies the pure decision. A token no
 * local rule accepts because it is not cached here — unknown, or a roaming token its eMSP does not
 * let the CPO whitelist (stored Invalid, or past the time a previous authorization allowed) — is
 * authorized in real time with the eMSP when a RoamingAuthorizer is given; without an answer the
 * local decision stands.
 */
export class AuthorizationService {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly sessions: SessionTokenRepository,
    private readonly masterPass: MasterPass,
    private readonly roaming?: RoamingAuthorizer,
  ) {}

  /** 1.6: the idTag matches case-insensitively on the value, whatever the stored type. */
  async authorizeIdTag(idTag: string, now: Date, place?: AuthorizePlace): Promise<AuthorizeDecision> {
    const candidates = (await this.tokens.findTokensByIdTagKey(idTagKey(idTag))).map((t) => tokenSnapshot(t));
    const token = selectIdTagMatch(idTag, candidates);
    const local = await this.decide(token, now);
    return place && (await this.askRoaming(token, local)) ? this.roamingDecision({ idToken: idTag }, place, local) : local;
  }

  /** 2.x: type and value (case-insensitive) must both match. `NoAuthorization` needs no token (as in the session-service). */
  async authorizeIdToken(ref: IdTokenRef, now: Date, place?: AuthorizePlace): Promise<AuthorizeDecision> {
    if (ref.type === 'NoAuthorization') return { status: 'Accepted' };
    const stored = await this.tokens.findToken(tokenKey(ref));
    const token = stored ? tokenSnapshot(stored) : null;
    const local = await this.decide(token, now);
    return place && (await this.askRoaming(token, local)) ? this.roamingDecision(ref, place, local) : local;
  }

  private async decide(token: CustomerTokenSnapshot | null, now: Date): Promise<AuthorizationDecision> {
    // Sessions carry the token key (`tokenKey`); the value key is counted too, for producers that only know a 1.6 idTag.
    // A master pass stops transactions and never charges itself: ConcurrentTx does not apply to it.
    const activeSessions = token && !this.masterPass.isMasterPass(token) ? await this.sessions.countActive([token.key, token.idTagKey]) : 0;
    return decideAuthorization(token, { now, activeSessions });
  }

  /** Unknown here, or a roaming token refused only because it is not whitelisted (Invalid) or its real-time authorization ran out (Expired). */
  private async askRoaming(token: CustomerTokenSnapshot | null, local: AuthorizationDecision): Promise<boolean> {
    if (!this.roaming) return false;
    if (!token) return true;
    if (local.status !== 'Invalid' && local.status !== 'Expired') return false;
    if (local.status === 'Expired' && token.status !== 'Accepted') return false;
    const customer = token.customerId ? await this.tokens.findCustomer(token.customerId) : null;
    return customer !== null && isPartyCustomer(customer);
  }

  private async roamingDecision(
    ref: { idToken: string; type?: string },
    place: AuthorizePlace,
    local: AuthorizationDecision,
  ): Promise<AuthorizeDecision> {
    const answer = await this.roaming?.authorize({
      idToken: ref.idToken,
      ...(ref.type ? { type: ref.type } : {}),
      stationId: place.stationId,
      ...(place.evseId !== undefined ? { evseId: place.evseId } : {}),
    });
    return answer ? roamingAuthorizationDecision(answer) : local;
  }
}
