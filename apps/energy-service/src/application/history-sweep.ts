import type { Logger } from 'pino';
import type { AllocationWriterRepository } from '../persistence/allocation-writer.repository';
import type { SessionRepository } from '../persistence/session.repository';

/** How often old decisions and ended sessions are deleted, ms. */
const SWEEP_INTERVAL_MS = 15 * 60_000;
/** Rows one statement deletes at most (a big backlog goes in several). */
const BATCH = 5_000;

/**
 * Deletes allocation history older than ENERGY_SERVICE_HISTORY_DAYS (each site keeps its latest
 * decision, which the API serves as the live allocation) and sessions that ended before then.
 */
export class HistorySweep {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly allocations: AllocationWriterRepository,
    private readonly sessions: SessionRepository,
    private readonly historyDays: number,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'history sweep failed')),
      SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep; resolves with how many decisions and sessions were deleted. */
  async sweep(): Promise<{ allocations: number; sessions: number }> {
    const before = new Date(this.clock() - this.historyDays * 86_400_000);
    let allocations = 0;
    let sessions = 0;
    for (let n = BATCH; n === BATCH; allocations += n) n = await this.allocations.deleteBefore(before, BATCH);
    for (let n = BATCH; n === BATCH; sessions += n) n = await this.sessions.deleteEndedBefore(before, BATCH);
    if (allocations + sessions > 0) this.logger.info({ allocations, sessions, before }, 'old allocation history deleted');
    return { allocations, sessions };
  }
}
