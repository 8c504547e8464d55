import type { Logger } from 'pino';
import type { MessageLogService } from './message-log.service';

/** How often the message log's partitions are made ahead and expired ones dropped. */
export const MESSAGE_LOG_MAINTENANCE_MS = 3_600_000;

/**
 * Runs the message log's maintenance pass at start and every hour (MessageLogService.maintain):
 * partitions for today .. today+2, expired days dropped. A failed pass is logged and tried again
 * at the next one (the consumer makes the partitions it needs on its own).
 */
export class MessageLogRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: MessageLogService,
    private readonly logger: Logger,
    private readonly intervalMs = MESSAGE_LOG_MAINTENANCE_MS,
  ) {}

  async start(): Promise<void> {
    await this.pass();
    this.timer = setInterval(() => void this.pass(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass (after the one under way, if any); never rejects. */
  pass(now?: Date): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        await this.log.maintain(now);
      } catch (error) {
        this.logger.warn({ err: error }, 'message log maintenance failed; retried at the next pass');
      }
    });
    return this.running;
  }
}
