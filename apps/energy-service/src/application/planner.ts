import type { Logger } from 'pino';
import { allocate, EnergyInputError } from '@voltlane/energy-domain';
import type { EnergyServiceConfig } from '../config/energy-service-config';
import { planInput } from '../domain/allocation-input';
import { allocationRecord, sameShares } from '../domain/allocation-record';
import { enforcementOrders } from '../domain/enforcement-orders';
import type { AllocationsPublisher } from '../messaging/allocations.publisher';
import type { AllocationWriterRepository } from '../persistence/allocation-writer.repository';
import type { ClaimedSite, SitePlanRepository } from '../persistence/site-plan.repository';
import type { ProfileEnforcer } from './enforcement/profile-enforcer';
import { loadSiteSnapshot, type PlanSources } from './plan-loader';

/** Sites one pass claims at most (the rest wait for the next pass). */
const CLAIM_BATCH = 50;
/** The trigger recorded for a plan that only its interval asked for. */
export const PERIODIC = 'periodic';

/**
 * The load-management loop. Every `planPollMs` it claims the sites that are due (a trigger's
 * debounce ran out) or whose last plan is older than the plan interval (FOR UPDATE SKIP LOCKED:
 * replicas never plan one site at once), and for each: reads the site (tree, limits, loads,
 * sessions, stations, what was installed), runs the allocator, queues the profiles (the enforcer
 * sends what moved), stores the decision and publishes it on energy.allocations.v1. A periodic plan
 * that changed no share is neither stored nor published again.
 */
export class Planner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly claims: SitePlanRepository,
    private readonly sources: PlanSources,
    private readonly writer: AllocationWriterRepository,
    private readonly publisher: AllocationsPublisher,
    private readonly enforcer: ProfileEnforcer,
    private readonly config: EnergyServiceConfig['energy'],
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.config.planPollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.enforcer.idle();
  }

  /** One pass (also for tests): plans every site that is due now; a pass already running is joined. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      for (;;) {
        const sites = await this.claims.claimDue(this.config.planIntervalMs, CLAIM_BATCH);
        for (const site of sites) await this.plan(site);
        if (sites.length < CLAIM_BATCH) return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'sites not claimed; the next pass tries again');
    }
  }

  /** Plans one claimed site; a failure is logged and the site is planned again at its next interval. */
  private async plan(site: ClaimedSite): Promise<void> {
    const now = this.clock();
    const triggers = site.reasons.length > 0 ? site.reasons.map((r) => r.slice(0, 200)) : [PERIODIC];
    try {
      const snapshot = await loadSiteSnapshot(this.sources, site, new Date(now));
      if (!snapshot.nodes.some((n) => n.parentId === null)) return; // a site without its grid node yet: nothing to share
      const plan = planInput(snapshot, this.config, now);
      const result = allocate(plan.input);
      this.enforcer.enforce(enforcementOrders(snapshot, plan, result));
      const record = allocationRecord(snapshot, plan, result);
      if (site.reasons.length === 0 && sameShares(await this.writer.latestResult(site.siteId), record)) return;
      const plannedAt = new Date(now);
      const allocationId = await this.writer.insert(site.siteId, plannedAt, triggers, record);
      await this.publisher.publish({ siteId: site.siteId, allocationId, plannedAt: plannedAt.toISOString(), triggers, ...record });
      this.logger.debug({ siteId: site.siteId, allocationId, triggers, sessions: record.sessions.length }, 'site planned');
    } catch (error) {
      const level = error instanceof EnergyInputError ? 'warn' : 'error';
      this.logger[level]({ err: error, siteId: site.siteId, triggers }, 'site not planned');
    }
  }
}
