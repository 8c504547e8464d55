import type { Logger } from 'pino';
import {
  BillingError,
  calculateCost,
  costOfTotals,
  usageFromTotals,
  type CostBreakdown,
  type SelectedTariff,
} from '@voltlane/billing-domain';
import { billingCdrContract, type SessionLifecycleEvent } from '@voltlane/contracts';
import { RecentMap } from '@voltlane/service-kit';
import { buildCdr, costView } from '../domain/cdr-builder';
import { cdrIdOf } from '../domain/cdr-id';
import { type BillingSessionRepository, type BillingSessionState } from '../persistence/billing-session.repository';
import { type CdrRepository, type StoredCdr } from '../persistence/cdr.repository';
import { type CdrPublisher } from '../messaging/cdr.publisher';
import type { Clock } from './clock';
import { type CustomerDirectory } from './customer-directory';
import { type TariffService } from './tariff.service';

/**
 * Follows sessions (sessions.lifecycle.v1) and issues one CDR per ended session.
 *
 * Exactly once in effect: the CDR id derives from the session id and the first CDR stored for a
 * session wins (unique keys); an Ended event seen again — re-delivery, restart, replay — publishes
 * that stored CDR again, byte-identical, and never computes a different one.
 */
export class SessionBillingService {
  /** The tariff chosen for each ongoing session this process has priced (bounded). */
  private readonly selections = new RecentMap<string, SelectedTariff>(50_000);
  /** CDRs this process issued (stored for a session that had none), for metrics. */
  issued = 0;

  constructor(
    private readonly sessions: BillingSessionRepository,
    private readonly cdrs: CdrRepository,
    private readonly tariffs: TariffService,
    private readonly customers: CustomerDirectory,
    private readonly publisher: CdrPublisher,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async handle(event: SessionLifecycleEvent): Promise<void> {
    switch (event.type) {
      case 'Started':
      case 'Updated':
        return this.track(event);
      case 'Ended':
        return this.end(event);
    }
  }

  /** The cost of a session state under the tariff that applies to it, up to `now` when ongoing. */
  async costOf(state: BillingSessionState, now: Date): Promise<{ selected: SelectedTariff; cost: CostBreakdown }> {
    const customer = await this.customers.customerOf(state.idTokenKey);
    const selected = await this.tariffs.tariffFor({
      stationId: state.stationId,
      customerGroup: customer?.customerGroup ?? null,
      at: state.startedAt,
    });
    return { selected, cost: costOfTotals(totalsOf(state), selected.tariff, now) };
  }

  private async track(event: SessionLifecycleEvent): Promise<void> {
    const state = stateOf(event, 'Active');
    const selected = this.selections.get(event.sessionId);
    if (selected) {
      // The tariff is chosen once per session (at its start, for its token): an Updated event is
      // one statement, its state and running cost together. The CDR chooses afresh at the end.
      let runningCost: unknown;
      try {
        runningCost = runningCostOf(
          selected,
          calculateCost(usageOf(state, state.lastOccurredAt), selected.tariff, { now: state.lastOccurredAt }),
        );
      } catch (error) {
        if (!(error instanceof BillingError)) throw error;
        this.logger.warn({ err: error, sessionId: event.sessionId, code: error.code }, 'running cost not computed');
      }
      await this.sessions.apply(state, runningCost);
      return;
    }
    if (!(await this.sessions.apply(state))) return;
    const stored = (await this.sessions.find(event.sessionId)) ?? state;
    try {
      const { cost, selected: chosen } = await this.costOf(stored, new Date(event.occurredAt));
      this.selections.set(event.sessionId, chosen);
      await this.sessions.setRunningCost(event.sessionId, runningCostOf(chosen, cost));
    } catch (error) {
      // The session is tracked either way; a running cost billing cannot price yet (no tariff) is
      // not worth a dead letter — the Ended event will be, if it still cannot be priced then.
      if (!(error instanceof BillingError)) throw error;
      this.logger.warn({ err: error, sessionId: event.sessionId, code: error.code }, 'running cost not computed');
    }
  }

  private async end(event: SessionLifecycleEvent): Promise<void> {
    this.selections.delete(event.sessionId);
    let cdr = await this.cdrs.findBySession(event.sessionId);
    if (!cdr) cdr = await this.issue(event);
    else this.logger.info({ sessionId: event.sessionId, cdrId: cdr.cdrId }, 'session end seen again; re-publishing its CDR');
    await this.publisher.publish(cdr);
    await this.cdrs.markPublished(cdr.cdrId, this.clock());
  }

  private async issue(event: SessionLifecycleEvent): Promise<StoredCdr> {
    await this.sessions.apply(stateOf(event, 'Ended'));
    const stored = await this.sessions.find(event.sessionId);
    // Fields an Ended may lack but an earlier event of the session carried.
    const session: SessionLifecycleEvent = {
      ...event,
      ...(event.idTokenKey === undefined && stored?.idTokenKey ? { idTokenKey: stored.idTokenKey } : {}),
      ...(event.connectorId === undefined && stored?.connectorId !== null && stored?.connectorId !== undefined
        ? { connectorId: stored.connectorId }
        : {}),
      ...(event.evseId === undefined && stored?.evseId !== null && stored?.evseId !== undefined ? { evseId: stored.evseId } : {}),
    };
    const state = stateOf(session, 'Ended');
    const customer = await this.customers.customerOf(session.idTokenKey);
    const { selected, cost } = await this.costOf(state, state.endedAt ?? state.lastOccurredAt);
    const issuedAt = this.clock();
    const cdr = billingCdrContract.outgoing(buildCdr({ session, customer, selected, cost, issuedAt }));
    const result = await this.cdrs.insertOrGet({
      cdrId: cdrIdOf(session.sessionId),
      sessionId: session.sessionId,
      stationId: session.stationId,
      payload: JSON.stringify(cdr),
      issuedAt,
    });
    this.issued++;
    this.logger.info(
      { sessionId: session.sessionId, cdrId: result.cdrId, total: cdr.totalInclTax, anomalies: cdr.anomalies },
      'CDR issued',
    );
    return result;
  }
}

function totalsOf(state: BillingSessionState) {
  return {
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    energyWh: String(state.energyWh),
    chargingSeconds: state.chargingSeconds,
    idleSeconds: state.idleSeconds,
  };
}

function usageOf(state: BillingSessionState, now: Date) {
  return usageFromTotals(totalsOf(state), now);
}

function runningCostOf(selected: SelectedTariff, cost: CostBreakdown): unknown {
  return { tariff: { id: selected.tariff.id, version: selected.tariff.version }, ...costView(cost) };
}

function stateOf(event: SessionLifecycleEvent, status: 'Active' | 'Ended'): BillingSessionState {
  return {
    sessionId: event.sessionId,
    stationId: event.stationId,
    protocol: event.protocol,
    transactionRef: event.transactionRef,
    idTokenKey: event.idTokenKey ?? null,
    connectorId: event.connectorId ?? null,
    evseId: event.evseId ?? null,
    startedAt: new Date(event.startedAt),
    endedAt: status === 'Ended' ? new Date(event.endedAt ?? event.occurredAt) : null,
    energyWh: event.energyWh,
    chargingSeconds: event.chargingSeconds,
    idleSeconds: event.idleSeconds,
    anomalies: [...event.anomalies],
    status,
    lastOccurredAt: new Date(event.occurredAt),
  };
}
