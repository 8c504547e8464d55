import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/**
 * Marks reservations Expired once their expiry passes unused. A 1.6 station never reports it
 * (2.x stations send ReservationStatusUpdate Expired, which agrees), so the CSMS records it.
 */
export class ReservationExpiry {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(
      () => void this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'reservation expiry sweep failed')),
      this.intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Expires what is due now; returns how many reservations it expired. */
  async sweep(now: Date = new Date()): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE reservation SET status = 'Expired', updated_at = $1
        WHERE status = 'Accepted' AND session_id IS NULL AND expires_at IS NOT NULL AND expires_at <= $1`,
      [now],
    );
    return result[1] ?? 0;
  }
}
