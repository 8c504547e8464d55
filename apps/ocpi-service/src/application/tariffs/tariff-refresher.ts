import type { Logger } from 'pino';
import type { Startable } from '@voltlane/service-kit';
import type { TariffsService } from './tariffs.service';

/** How often tariffs are derived again (a version or assignment began or ended since), ms. */
export const TARIFF_REFRESH_MS = 60_000;

/**
 * Runs `TariffsService.refresh` once at start and then every minute, so that a tariff version
 * or assignment that comes into force (or ends) reaches partners without a new record on
 * billing.tariffs.v1. A failed refresh is logged and tried again on the next tick.
 */
export class TariffRefresher implements Startable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly tariffs: TariffsService,
    private readonly logger: Logger,
    private readonly intervalMs = TARIFF_REFRESH_MS,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.tariffs
      .refresh()
      .then((changed) => {
        if (changed.tariffs > 0 || changed.locations > 0) this.logger.info(changed, 'tariffs derived again: changes pushed');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'tariff refresh failed; trying again on the next tick'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
