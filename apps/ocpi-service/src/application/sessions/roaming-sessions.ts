import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { BillingError, type Tariff } from '@voltlane/billing-domain';
import type { SessionLifecycleEvent } from '@voltlane/contracts';
import {
  changeSession,
  evseOf,
  newSession,
  NOT_AVAILABLE,
  ocpiTypeOfKey,
  originOf,
  placeOf,
  sessionCost,
  tokenValueOf,
  type OcpiPrice,
  type OcpiSession,
  type RoamingToken,
  type SessionPush,
} from '../../domain/session-mapping';
import type { SessionReferencesRepository } from '../../persistence/session-references.repository';
import type { RoamingSessionRow, SessionRepository } from '../../persistence/session.repository';
import type { PartnerDirectory, PushTarget } from '../partners';
import type { PushOutbox, PushRequest } from '../push-outbox';
import { FALLBACK_CURRENCY, type SessionPricing } from './session-pricing';

export interface RoamingSessionsDeps {
  dataSource: DataSource;
  partners: PartnerDirectory;
  outbox: PushOutbox;
  pricing: SessionPricing;
  sessions: SessionRepository;
  references: SessionReferencesRepository;
  cpo: { countryCode: string; partyId: string };
  updateIntervalMs: number;
  logger: Logger;
}

/** The push of a session to its eMSP: `PUT|PATCH {sessions receiver}/{our cc}/{our party}/{session id}`, in order per session. */
export function sessionPushRequest(
  target: PushTarget,
  cpo: { countryCode: string; partyId: string },
  sessionId: string,
  push: SessionPush,
): PushRequest {
  return {
    partnerId: target.partner.partnerId,
    module: 'sessions',
    objectKey: `session:${sessionId}`,
    method: push.method,
    path: `/${cpo.countryCode}/${cpo.partyId}/${sessionId}`,
    to: target.to,
    body: push.body,
  };
}

/**
 * Roaming sessions from sessions.lifecycle.v1. A session is roaming when its id token is an eMSP's
 * token (the `tokens` table, matched on the value); the token's party is its eMSP, and its pushes
 * go to the partner that speaks for that party (directly or via a hub). Each record is applied in
 * one transaction with the session row locked: the stored session, and its push queued in the
 * outbox, commit together; a re-delivered record finds nothing to change. An eMSP registered only
 * after the session began gets it whole (PUT) with its next push.
 */
export class RoamingSessions {
  constructor(private readonly deps: RoamingSessionsDeps) {}

  async apply(event: SessionLifecycleEvent): Promise<void> {
    const { dataSource, sessions, references } = this.deps;
    await dataSource.transaction(async (m) => {
      const stored = await sessions.lock(m, event.sessionId);
      if (stored) return this.change(m, stored, event);
      if (event.idTokenKey === undefined) return;
      const token = await references.token(m, tokenValueOf(event.idTokenKey), ocpiTypeOfKey(event.idTokenKey));
      if (token) await this.create(m, event, token);
    });
  }

  /** Pushes the sessions whose last change waited for the update throttle (one batch); how many. */
  async flushDue(now = new Date(), limit = 100): Promise<number> {
    const { dataSource, sessions, updateIntervalMs } = this.deps;
    return dataSource.transaction(async (m) => {
      const due = await sessions.lockDue(m, now, updateIntervalMs, limit);
      for (const row of due) {
        const s = row.session;
        const body = { kwh: s.kwh, ...(s.total_cost ? { total_cost: s.total_cost } : {}), last_updated: s.last_updated };
        await this.push(m, row, s, { method: 'PATCH', body }, now);
      }
      return due.length;
    });
  }

  /**
   * The session's cost becomes its CDR's (what the eMSP is billed) when they differ (a session no
   * tariff of the replica priced, or priced before the tariff arrived): stored and pushed (PATCH).
   */
  async settleCost(m: EntityManager, stored: RoamingSessionRow, totalCost: OcpiPrice): Promise<void> {
    const current = stored.session.total_cost;
    if (current?.excl_vat === totalCost.excl_vat && current.incl_vat === totalCost.incl_vat) return;
    const now = new Date();
    const lastUpdated = now.toISOString();
    const session: OcpiSession = { ...stored.session, total_cost: totalCost, last_updated: lastUpdated };
    await this.push(m, stored, session, { method: 'PATCH', body: { total_cost: totalCost, last_updated: lastUpdated } }, now);
  }

  private async create(m: EntityManager, event: SessionLifecycleEvent, token: RoamingToken): Promise<void> {
    const { references, pricing, sessions, partners, outbox, cpo, logger } = this.deps;
    const startedAt = new Date(event.startedAt);
    const evse = evseOf(event);
    const place = placeOf(event.stationId, evse, await references.station(m, event.stationId, evse));
    const command = await references.startCommand(m, {
      stationId: event.stationId,
      tokenUid: token.uid,
      startedAt,
      remoteStartId: event.remoteStartId,
    });
    const realTime = command
      ? undefined
      : await references.realTimeAuthorization(m, { stationId: event.stationId, tokenUid: token.uid, startedAt });
    const origin = originOf(token, command, realTime);
    const tariff = await pricing.tariffFor(m, event.stationId, startedAt);
    const now = new Date();
    const { session, push } = newSession({
      event,
      cpo,
      token,
      place,
      origin,
      currency: tariff?.currency ?? FALLBACK_CURRENCY,
      totalCost: this.cost(tariff, event),
      now,
    });
    const target = await partners.within(m).receiverForParty('sessions', token.countryCode, token.partyId);
    const inserted = await sessions.insert(
      m,
      {
        session,
        pushedAt: target ? now : null,
        partnerId: target?.partner.partnerId ?? null,
        countryCode: token.countryCode,
        partyId: token.partyId,
        stationId: event.stationId,
      },
      command?.commandId,
    );
    if (!inserted) return;
    if (target && push) await outbox.enqueue([sessionPushRequest(target, cpo, session.id, push)], m);
    logger.info(
      {
        sessionId: session.id,
        emsp: `${token.countryCode}*${token.partyId}`,
        partnerId: target?.partner.partnerId ?? null,
        status: session.status,
      },
      target ? 'roaming session pushed to its eMSP' : 'roaming session kept for pulls: no partner receives sessions for its eMSP',
    );
  }

  private async change(m: EntityManager, stored: RoamingSessionRow, event: SessionLifecycleEvent): Promise<void> {
    const current = stored.session;
    if (current.status === 'COMPLETED' || event.type === 'Started') return;
    const { references, pricing, updateIntervalMs } = this.deps;
    const evse = evseOf(event);
    const place =
      current.evse_uid === NOT_AVAILABLE && evse !== undefined
        ? { ...placeOf(stored.stationId, evse, await references.station(m, stored.stationId, evse)), locationId: current.location_id }
        : undefined;
    const tariff = await pricing.tariffFor(m, stored.stationId, new Date(current.start_date_time));
    const totalCost = tariff?.currency === current.currency ? this.cost(tariff, event) : undefined;
    const now = new Date();
    const change = changeSession(stored, event, { totalCost, now, updateIntervalMs, ...(place ? { place } : {}) });
    if (!change) return;
    if (change.push) await this.push(m, stored, change.session, change.push, now);
    else await this.deps.sessions.update(m, change.session, undefined);
  }

  /**
   * Stores the session and queues its push to the eMSP's current receiver: whole (PUT) when that
   * partner has not had the session yet. Without a receiver the session is only stored (pulls see
   * it) and marked handled, so the throttle sweep does not come back to it.
   */
  private async push(m: EntityManager, stored: RoamingSessionRow, session: OcpiSession, push: SessionPush, now: Date): Promise<void> {
    const { partners, outbox, sessions, cpo } = this.deps;
    const target = await partners.within(m).receiverForParty('sessions', stored.countryCode, stored.partyId);
    if (!target) {
      await sessions.update(m, session, stored.partnerId ? { at: now, partnerId: stored.partnerId } : undefined);
      return;
    }
    const partnerId = target.partner.partnerId;
    const request = partnerId === stored.partnerId ? push : ({ method: 'PUT', body: session } as const);
    await sessions.update(m, session, { at: now, partnerId });
    await outbox.enqueue([sessionPushRequest(target, cpo, session.id, request)], m);
  }

  /** The session's cost up to the record with its tariff; undefined when no tariff prices it. */
  private cost(tariff: Tariff | undefined, event: SessionLifecycleEvent): OcpiPrice | undefined {
    if (!tariff) return undefined;
    try {
      return sessionCost(tariff, event);
    } catch (error) {
      if (!(error instanceof BillingError)) throw error;
      this.deps.logger.warn({ err: error, sessionId: event.sessionId }, 'roaming session not priced');
      return undefined;
    }
  }
}
