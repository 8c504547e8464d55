import { parseBillingCdr, type BillingCdr } from '@voltlane/contracts';
import { costView, type CostView } from '../domain/cdr-builder';
import { type BillingSessionRepository, type BillingSessionState } from '../persistence/billing-session.repository';
import { type CdrRepository, type CdrFilter, type StoredCdr } from '../persistence/cdr.repository';
import type { Clock } from './clock';
import { type SessionBillingService } from './session-billing.service';

export interface RunningCostView extends CostView {
  sessionId: string;
  stationId: string;
  tariff: { id: string; version: number };
}

/** Read side for the operator API (a later issue) and 2.0.1 CostUpdated. */
export class BillingQueries {
  constructor(
    private readonly sessions: BillingSessionRepository,
    private readonly cdrs: CdrRepository,
    private readonly billing: SessionBillingService,
    private readonly clock: Clock,
  ) {}

  /** The cost of an ongoing session so far (up to `now`); null for an unknown or ended session. */
  async runningCost(sessionId: string, now: Date = this.clock()): Promise<RunningCostView | null> {
    const state = await this.sessions.find(sessionId);
    if (!state || state.status !== 'Active') return null;
    const { selected, cost } = await this.billing.costOf(state, now);
    return {
      sessionId,
      stationId: state.stationId,
      tariff: { id: selected.tariff.id, version: selected.tariff.version },
      ...costView(cost),
    };
  }

  activeSessions(): Promise<BillingSessionState[]> {
    return this.sessions.listActive();
  }

  /** A page of CDRs (as published), newest session end first. */
  async listCdrs(filter: CdrFilter, page: { limit: number; offset: number }): Promise<{ items: BillingCdr[]; total: number }> {
    const { items, total } = await this.cdrs.list(filter, page);
    return { items: items.map(published), total };
  }

  async cdr(cdrId: string): Promise<BillingCdr | null> {
    const stored = await this.cdrs.findById(cdrId);
    return stored ? published(stored) : null;
  }

  /** Every CDR matching the filter, oldest session end first, streamed in batches (exports). */
  async *eachCdr(filter: CdrFilter): AsyncGenerator<BillingCdr> {
    for await (const stored of this.cdrs.each(filter)) yield published(stored);
  }

  /** The CDR issued for a session, exactly as published. */
  async cdrOfSession(sessionId: string): Promise<BillingCdr | null> {
    const stored = await this.cdrs.findBySession(sessionId);
    return stored ? parseBillingCdr(JSON.parse(stored.payload)) : null;
  }
}

function published(stored: StoredCdr): BillingCdr {
  return parseBillingCdr(JSON.parse(stored.payload));
}
