import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/**
 * Collects the time each station was last heard from and writes them in one statement per
 * interval, instead of one UPDATE per inbound frame.
 */
export class LastSeenTracker {
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  seen(stationId: string, at: Date): void {
    const known = this.pending.get(stationId);
    if (!known || known < at) this.pending.set(stationId, at);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes what was collected; never rejects (a failed batch is merged back for the next one). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    const times = ids.map((id) => (batch.get(id) as Date).toISOString());
    try {
      await this.dataSource.query(
        `INSERT INTO station (id, last_seen_at)
           SELECT * FROM unnest($1::text[], $2::timestamptz[])
         ON CONFLICT (id) DO UPDATE SET last_seen_at = GREATEST(station.last_seen_at, EXCLUDED.last_seen_at)`,
        [ids, times],
      );
    } catch (error) {
      this.logger.warn({ err: error, stations: ids.length }, 'lastSeen batch not written; retried with the next one');
      for (const [id, at] of batch) this.seen(id, at);
    }
  }
}
