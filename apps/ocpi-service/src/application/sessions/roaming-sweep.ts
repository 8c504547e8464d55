import type { Logger } from 'pino';
import type { Startable } from '@voltlane/service-kit';
import type { RoamingCdrs } from './roaming-cdrs';
import type { RoamingSessions } from './roaming-sessions';

const BATCH = 100;

/**
 * What the sessions part does on a clock: pushes the sessions whose last change waited for the
 * update throttle (so the eMSP gets the latest kwh and cost within the interval, not only at the
 * next record), and copies the eMSPs' `Location` answers to CDR POSTs into `cdrs.emsp_location`.
 * One pass at a time; a failed pass is logged and the next one tries again.
 */
export class RoamingSweep implements Startable {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;

  constructor(
    private readonly sessions: RoamingSessions,
    private readonly cdrs: RoamingCdrs,
    private readonly periodMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.periodMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** One pass (the running one, if any). */
  tick(): Promise<void> {
    this.pass ??= this.run().finally(() => (this.pass = undefined));
    return this.pass;
  }

  private async run(): Promise<void> {
    try {
      while ((await this.sessions.flushDue(new Date(), BATCH)) === BATCH);
      await this.cdrs.syncEmspLocations();
    } catch (error) {
      this.logger.warn({ err: error }, 'roaming sessions sweep failed; the next pass retries');
    }
  }
}
