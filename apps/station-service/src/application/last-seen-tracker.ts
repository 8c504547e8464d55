import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/**
 * Collects the time each station was last heard from and writes them in one statement per
 * interval, instead of one UPDATE per inbound frame.
 *
 * The interval's write skips the station rows another transaction holds (a status report, a
 * boot) and keeps those for the next interval: waiting for them, as one upsert of every station
 * heard from did, queued each report behind the whole batch and the batch behind each report
 * (a lock convoy: 1.7 ms mean per status lock, 73 ms per batch in the benchmark).
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
    this.timer = setInterval(() => void this.flush({ skipLocked: true }), this.intervalMs);
    this.timer.unref();
  }

  /**
   * Writes what was collected; never rejects (a failed batch is merged back for the next one).
   * With `skipLocked`, rows other transactions hold are left for the next write.
   */
  flush(options: { skipLocked?: boolean } = {}): Promise<void> {
    this.flushing = this.flushing.then(() => this.write(options.skipLocked ?? false));
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(skipLocked: boolean): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // One lock order for every writer of many station rows.
    const ids = [...batch.keys()].sort();
    const timesOf = (list: string[]) => list.map((id) => (batch.get(id) as Date).toISOString());
    try {
      const updated = await this.dataSource.query<{ id: string }[]>(
        `WITH seen AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS t(id, at)),
              free AS (SELECT s.id FROM station s JOIN seen USING (id) ORDER BY s.id FOR UPDATE OF s${skipLocked ? ' SKIP LOCKED' : ''})
         UPDATE station SET last_seen_at = GREATEST(station.last_seen_at, seen.at)
           FROM seen WHERE station.id = seen.id AND station.id IN (SELECT id FROM free)
         RETURNING station.id`,
        [ids, timesOf(ids)],
      );
      const written = new Set(updated.map((r) => r.id));
      const rest = ids.filter((id) => !written.has(id));
      if (rest.length === 0) return;
      // No row yet (first sight): created here; held by another transaction: written next time.
      const created = await this.dataSource.query<{ id: string }[]>(
        `INSERT INTO station (id, last_seen_at) SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [rest, timesOf(rest)],
      );
      const inserted = new Set(created.map((r) => r.id));
      for (const id of rest) if (!inserted.has(id)) this.seen(id, batch.get(id) as Date);
    } catch (error) {
      this.logger.warn({ err: error, stations: ids.length }, 'lastSeen batch not written; retried with the next one');
      for (const [id, at] of batch) this.seen(id, at);
    }
  }
}
