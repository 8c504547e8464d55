import type { Logger } from 'pino';
import type { MeteringSamplesEvent } from '@voltlane/contracts';
import { nextDemand } from '@voltlane/energy-domain';
import type { DataSource } from 'typeorm';
import type { EnergyServiceConfig } from '../config/energy-service-config';
import { overloadedNodesOf } from '../domain/overload';
import { drawingPhases, measuredPhases } from '../domain/phase-currents';
import type { AppliedLimitRepository } from '../persistence/applied-limit.repository';
import { markSiteDue, markStationSiteDue } from '../persistence/site-replan';
import type { SessionRepository } from '../persistence/session.repository';
import type { SiteRepository } from '../persistence/site.repository';
import type { NodeRepository } from '../persistence/node.repository';
import { loadSiteSnapshot, type PlanSources } from './plan-loader';

/** A session that draws more than its limit by this much has its site checked for an overload, A. */
const OVERDRAW_A = 1;

/**
 * What metering tells load management about a running session (metering.samples.v1): its latest
 * per-phase current (Current.Import at the outlet), the vehicle's phases (1 or 3, the highest seen
 * stays), and the under-use clock of the hold-off rule (nextDemand). Its site is re-planned when
 * it learnt the phases, when the hold-off ran out or the session reclaims its share; and at once
 * when a node under which it draws is overloaded.
 */
export class SessionMetering {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly applied: AppliedLimitRepository,
    private readonly nodes: NodeRepository,
    private readonly sites: SiteRepository,
    private readonly sources: PlanSources,
    private readonly config: EnergyServiceConfig['energy'],
    private readonly logger: Logger,
  ) {}

  async apply(event: MeteringSamplesEvent): Promise<void> {
    if (!event.transactionRef) return;
    const measured = measuredPhases(event.samples);
    if (!measured) return;
    const session = await this.sessions.activeManagedByTransaction(event.stationId, event.transactionRef);
    if (!session) return;
    const sent = session.evseId !== null ? await this.applied.get(session.stationId, session.evseId, 'TxProfile') : null;
    const limitA = sent && sent.sessionId === session.sessionId ? (sent.acceptedLimitA ?? sent.limitA) : undefined;
    const drawn = measured.currents.filter((c): c is number => c !== undefined);
    const maxDrawn = Math.max(...drawn);
    const { holdOffMs, headroomA, replanDebounceMs } = this.config;
    const before = session.underUseSince?.getTime();
    const state = nextDemand({
      limitA,
      measuredA: maxDrawn,
      underUseSince: before,
      now: measured.at,
      holdOffMs,
      headroomA,
      maxA: limitA ?? maxDrawn,
    });
    const phases = drawingPhases(measured.currents);
    const stored = await this.sessions.measure(session.sessionId, {
      currentsA: measured.currents,
      measuredAt: new Date(measured.at),
      phases,
      underUseSince: state.underUseSince !== undefined ? new Date(state.underUseSince) : null,
    });
    if (!stored) return;
    const reasons: string[] = [];
    if (phases !== undefined && phases > (session.phases ?? 0)) reasons.push(`phases-learnt:${session.stationId}`);
    const lowered = (since: number | undefined) => since !== undefined && measured.at - since >= holdOffMs;
    if (lowered(before) && state.underUseSince === undefined) reasons.push(`reclaim:${session.stationId}`);
    else if (!lowered(before) && lowered(state.underUseSince) && limitA !== undefined) reasons.push(`under-use:${session.stationId}`);
    if (reasons.length > 0)
      for (const reason of reasons) await markStationSiteDue(this.dataSource, session.stationId, reason, replanDebounceMs);
    if (limitA === undefined || maxDrawn > limitA + OVERDRAW_A) await this.checkOverload(session.stationId, measured.at);
  }

  /** Re-plans the station's site at once when a node under it is overloaded. */
  private async checkOverload(stationId: string, at: number): Promise<void> {
    const stationNode = await this.nodes.stationNode(stationId);
    const site = stationNode ? await this.sites.get(stationNode.siteId) : null;
    if (!site) return;
    const snapshot = await loadSiteSnapshot(this.sources, { ...site, reasons: [] }, new Date(at));
    const over = overloadedNodesOf(snapshot, this.config, at);
    if (over.length === 0) return;
    this.logger.warn({ siteId: site.siteId, nodes: over, stationId }, 'measured overload: site re-planned now');
    await markSiteDue(this.dataSource, site.siteId, `overload:${over.join(',')}`.slice(0, 200), 0);
  }
}
