import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { RoamingAuthorizationDecision, RoamingAuthorizationRequest } from '@voltlane/contracts';
import {
  authorizeUrl,
  ocpiTokenTypeOfOcpp,
  offlineStatus,
  readAuthorizationInfo,
  statusOfAllowed,
  type AuthorizationInfo,
  type OfflineAuthorizationPolicy,
} from '../../domain/authorization-mapping';
import { NOT_AVAILABLE, placeOf } from '../../domain/session-mapping';
import { FieldProblems } from '../../domain/token-fields';
import { readToken, tokenEvent, type OcpiToken } from '../../domain/token-object';
import type { OcpiTokensPublisher } from '../../messaging/ocpi-tokens.publisher';
import type { SessionReferencesRepository } from '../../persistence/session-references.repository';
import type { StoredToken, TokenRepository } from '../../persistence/token.repository';
import type { TokenAuthorizationRepository } from '../../persistence/token-authorization.repository';
import type { OcpiClient } from '../ocpi-client';
import type { PartnerDirectory, PushTarget } from '../partners';
import { ownsParty } from './token-receiver';

/** A charge point asks whether an id token may charge (the operator API's body), and the answer: the shared contract. */
export type AuthorizationRequest = RoamingAuthorizationRequest;
export type AuthorizationDecision = RoamingAuthorizationDecision;

export interface RealTimeAuthorizerOptions {
  timeoutMs: number;
  cacheMs: number;
  offline: OfflineAuthorizationPolicy;
}

export interface RealTimeAuthorizerDeps {
  dataSource: DataSource;
  tokens: TokenRepository;
  authorizations: TokenAuthorizationRepository;
  references: SessionReferencesRepository;
  partners: PartnerDirectory;
  client: OcpiClient;
  publisher: OcpiTokensPublisher;
  options: RealTimeAuthorizerOptions;
  logger: Logger;
  clock?: () => number;
}

/** mod_tokens LocationReferences: where the token is to be used. */
interface LocationReferences {
  location_id: string;
  evse_uids?: string[];
}

/** What asking one partner gave: its AuthorizationInfo, "unknown token" (2004), or no usable answer. */
type Outcome = { kind: 'answer'; info: AuthorizationInfo } | { kind: 'unknown' } | { kind: 'failed'; why: string };

/**
 * Real-time authorization (mod_tokens, CPO side): a token is asked about at its eMSP — the
 * registered partner that speaks for its party with a tokens SENDER endpoint — or, when no token
 * with that uid is stored, at each hub in turn until one answers ALLOWED. The eMSP's answer decides
 * and its token is stored and published (authorized for `cacheMs` when ALLOWED); when the eMSP
 * cannot be asked (no answer within `timeoutMs`, a network error, HTTP ≥ 500, status 3xxx, an
 * unreadable answer) the offline policy decides.
 */
export class RealTimeAuthorizer {
  private readonly clock: () => number;

  constructor(private readonly deps: RealTimeAuthorizerDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationDecision> {
    const started = this.clock();
    const { decision, partnerId } = await this.decide(request);
    this.deps.logger.info(
      {
        idToken: request.idToken,
        stationId: request.stationId,
        evseId: request.evseId,
        partnerId,
        status: decision.status,
        source: decision.source,
        ms: this.clock() - started,
      },
      `real-time authorization: ${decision.status} (${decision.source})${decision.info ? `: ${decision.info}` : ''}`,
    );
    return decision;
  }

  private async decide(request: AuthorizationRequest): Promise<{ decision: AuthorizationDecision; partnerId?: string }> {
    const { dataSource, tokens, partners } = this.deps;
    const askedType = ocpiTokenTypeOfOcpp(request.type);
    const stored = await tokens.byUid(dataSource.manager, request.idToken, request.type === undefined ? undefined : askedType);
    const locations = await this.locationReferences(request.stationId, request.evseId);
    if (stored) {
      const { country_code: cc, party_id: pid } = stored.token;
      const party = { countryCode: cc, partyId: pid };
      const target = await partners.senderForParty('tokens', cc, pid);
      if (!target) return { decision: this.policy(stored, `no registered partner with a tokens SENDER endpoint for ${cc}*${pid}`, party) };
      const outcome = await this.ask(target, stored.token.uid, stored.token.type, locations);
      const partnerId = target.partner.partnerId;
      if (outcome.kind === 'failed') return { decision: this.policy(stored, outcome.why, party), partnerId };
      if (outcome.kind === 'unknown')
        return { decision: { status: 'Unknown', source: 'emsp', ...party, info: 'the eMSP does not know the token' }, partnerId };
      return { decision: await this.concluded(outcome.info, request, target, stored), partnerId };
    }
    const hubs = await partners.hubSendersOf('tokens');
    if (hubs.length === 0)
      return { decision: { status: 'Unknown', source: 'policy', info: 'no stored token with this uid and no hub to ask' } };
    let refused: { decision: AuthorizationDecision; partnerId: string } | undefined;
    const failures: string[] = [];
    for (const hub of hubs) {
      const outcome = await this.ask(hub, request.idToken, askedType, locations);
      if (outcome.kind === 'failed') failures.push(outcome.why);
      if (outcome.kind !== 'answer') continue;
      const decision = await this.concluded(outcome.info, request, hub, undefined);
      if (decision.status === 'Accepted') return { decision, partnerId: hub.partner.partnerId };
      refused ??= { decision, partnerId: hub.partner.partnerId };
    }
    if (refused) return refused;
    if (failures.length > 0) return { decision: this.policy(undefined, failures.join('; '), undefined) };
    return { decision: { status: 'Unknown', source: 'emsp', info: 'no hub knows the token' } };
  }

  /** POST {tokens url}/{uid}/authorize?type= with the LocationReferences, within the timeout. */
  private async ask(target: PushTarget, uid: string, type: OcpiToken['type'], locations: LocationReferences): Promise<Outcome> {
    const url = authorizeUrl(target.baseUrl, uid, type);
    let answer;
    try {
      answer = await this.deps.client.request(target.partner, {
        method: 'POST',
        url,
        body: locations,
        to: target.to,
        timeoutMs: this.deps.options.timeoutMs,
      });
    } catch (error) {
      return { kind: 'failed', why: error instanceof Error ? error.message : String(error) };
    }
    const { httpStatus, statusCode } = answer;
    // 2004 Unknown Token; an HTTP 404 without an OCPI envelope too (py_ocpi answers an unknown uid so).
    if (statusCode === 2004 || (httpStatus === 404 && statusCode === undefined)) return { kind: 'unknown' };
    const said = `POST ${url} answered HTTP ${httpStatus}${statusCode !== undefined ? `, status_code ${statusCode}` : ''}`;
    if (httpStatus >= 500 || (statusCode !== undefined && statusCode >= 3000 && statusCode < 4000)) return { kind: 'failed', why: said };
    const info = httpStatus < 300 && statusCode === 1000 ? readAuthorizationInfo(answer.data) : undefined;
    return info ? { kind: 'answer', info } : { kind: 'failed', why: `${said} without a usable AuthorizationInfo` };
  }

  /** The eMSP's answer: its token stored and published (authorized for cacheMs when ALLOWED), the reference kept. */
  private async concluded(
    info: AuthorizationInfo,
    request: AuthorizationRequest,
    target: PushTarget,
    stored: StoredToken | undefined,
  ): Promise<AuthorizationDecision> {
    const status = statusOfAllowed(info.allowed);
    const now = this.clock();
    const until = status === 'Accepted' ? new Date(now + this.deps.options.cacheMs) : null;
    const problems = new FieldProblems();
    const returned = readToken(info.token, problems);
    let token: OcpiToken | undefined = stored?.token;
    if (returned && ownsParty(target.partner, returned.country_code, returned.party_id)) token = returned;
    else
      this.deps.logger.warn(
        { partnerId: target.partner.partnerId, problems: problems.message() || 'a token of another party' },
        'real-time authorization: the token answered is not stored',
      );
    if (token) await this.store(target.partner.partnerId, token, until, info.authorizationReference, request, now);
    const party = token ? { countryCode: token.country_code, partyId: token.party_id } : target.to;
    return {
      status,
      source: 'emsp',
      ...party,
      ...(info.authorizationReference !== undefined ? { authorizationReference: info.authorizationReference } : {}),
      ...(until ? { cacheExpiresAt: until.toISOString() } : {}),
      ...(info.info !== undefined ? { info: info.info } : {}),
    };
  }

  private async store(
    partnerId: string,
    answered: OcpiToken,
    until: Date | null,
    reference: string | undefined,
    request: AuthorizationRequest,
    now: number,
  ): Promise<void> {
    const { dataSource, tokens, authorizations, publisher } = this.deps;
    const address = { countryCode: answered.country_code, partyId: answered.party_id, uid: answered.uid, type: answered.type };
    await dataSource.transaction(async (m) => {
      const current = await tokens.find(m, address, true);
      // One token per uid whatever its spelling (CiString): keep the uid as first stored.
      const token = { ...answered, uid: current?.token.uid ?? answered.uid };
      await tokens.save(m, token, partnerId, until);
      if (until)
        await authorizations.record(m, {
          countryCode: token.country_code,
          partyId: token.party_id,
          uid: token.uid,
          stationId: request.stationId,
          authorizationReference: reference ?? null,
          authorizedAt: new Date(now),
          expiresAt: until,
        });
      await publisher.publish(tokenEvent(token, until));
    });
  }

  private policy(
    stored: StoredToken | undefined,
    why: string,
    party: { countryCode: string; partyId: string } | undefined,
  ): AuthorizationDecision {
    const { offline } = this.deps.options;
    const cached = stored
      ? { valid: stored.token.valid, whitelist: stored.token.whitelist, authorizedUntil: stored.authorizedUntil }
      : undefined;
    const status = offlineStatus(offline, cached, new Date(this.clock()));
    return { status, source: 'policy', ...(party ?? {}), info: `the eMSP could not be asked (${why}); offline policy ${offline}` };
  }

  /** The station's location (a station at no location: its id, as sessions say) and its EVSE's uid when known. */
  private async locationReferences(stationId: string, evseId: number | undefined): Promise<LocationReferences> {
    const evse = evseId === undefined || evseId === 0 ? undefined : evseId;
    const published = await this.deps.references.station(this.deps.dataSource.manager, stationId, evse);
    const place = placeOf(stationId, evse, published);
    return { location_id: place.locationId, ...(place.evseUid !== NOT_AVAILABLE ? { evse_uids: [place.evseUid] } : {}) };
  }
}
