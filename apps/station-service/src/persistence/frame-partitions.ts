import type { DataSource, EntityManager } from 'typeorm';

const DAY_MS = 86_400_000;
const PREFIX = 'ocpp_frames_';
const DAY = /^\d{8}$/;
const NAME = /^ocpp_frames_(\d{4})(\d{2})(\d{2})$/;

/** The UTC day of a time as `yyyymmdd`. */
export function frameDay(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Midnight (UTC) starting a `yyyymmdd` day. */
export function dayStart(day: string): Date {
  return new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00.000Z`);
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return frameDay(new Date(dayStart(day).getTime() + n * DAY_MS));
}

/**
 * The day partitions of `ocpp_frames` (`ocpp_frames_yyyymmdd`, FOR VALUES FROM that midnight TO the
 * next, UTC), in the service's schema. Creating and dropping happen under a transaction-level
 * advisory lock keyed by the schema (advisory locks are database-wide; other deployments' schemas
 * take other keys), so replicas making the same day do not race.
 */
export class FramePartitions {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the partitions of these days that do not exist yet. */
  async ensure(days: Iterable<string>): Promise<void> {
    const wanted = [...new Set(days)].sort();
    const bad = wanted.find((day) => !DAY.test(day));
    if (bad !== undefined) throw new Error(`not a yyyymmdd day: ${bad}`);
    if (wanted.length === 0) return;
    await this.locked(async (m) => {
      const existing = new Set((await this.names(m)).map((p) => p.day));
      for (const day of wanted) {
        if (existing.has(day)) continue;
        const from = dayStart(day).toISOString();
        const to = dayStart(addDays(day, 1)).toISOString();
        // Names and bounds are built from a checked yyyymmdd.
        await m.query(`CREATE TABLE IF NOT EXISTS ${PREFIX}${day} PARTITION OF ocpp_frames FOR VALUES FROM ('${from}') TO ('${to}')`);
      }
    });
  }

  /** The day partitions there are, oldest first. */
  async list(): Promise<string[]> {
    return (await this.names(this.dataSource.manager)).map((p) => p.day);
  }

  /** Drops the partitions whose day ended at or before `cutoff`; resolves with their days. */
  async dropEndedBy(cutoff: Date): Promise<string[]> {
    return this.locked(async (m) => {
      const expired = (await this.names(m)).filter((p) => dayStart(addDays(p.day, 1)).getTime() <= cutoff.getTime());
      for (const p of expired) await m.query(`DROP TABLE IF EXISTS ${p.name}`);
      return expired.map((p) => p.day);
    });
  }

  private locked<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('voltlane:ocpp_frames:' || current_schema(), 0))`);
      return work(m);
    });
  }

  private async names(m: EntityManager): Promise<{ name: string; day: string }[]> {
    const rows: { name: string }[] = await m.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'ocpp_frames'::regclass ORDER BY c.relname`,
    );
    return rows.flatMap(({ name }) => {
      const match = NAME.exec(name);
      return match ? [{ name, day: `${match[1]}${match[2]}${match[3]}` }] : [];
    });
  }
}
