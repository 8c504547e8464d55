import type { EnergyAllocation } from '@voltlane/contracts';
import { rowsOf, type Queryable } from './sql-values';

/** What is stored in `allocations.result` (the row's columns hold the site, time and triggers). */
export type AllocationResultJson = Pick<EnergyAllocation, 'sessions' | 'nodes' | 'overcommitted'>;

/** Writes the planner's decisions into `allocations` and deletes old ones (the API reads them: AllocationHistoryRepository). */
export class AllocationWriterRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores one decision; resolves with its id. */
  async insert(siteId: string, plannedAt: Date, triggers: readonly string[], result: AllocationResultJson): Promise<string> {
    const rows = rowsOf<{ allocation_id: string }>(
      await this.db.query(
        'INSERT INTO allocations (site_id, planned_at, triggers, result) VALUES ($1, $2, $3, $4) RETURNING allocation_id',
        [siteId, plannedAt, triggers, JSON.stringify(result)],
      ),
    );
    return String(rows[0]?.allocation_id);
  }

  /** The result of the site's latest decision (to tell whether a periodic plan changed anything). */
  async latestResult(siteId: string): Promise<AllocationResultJson | null> {
    const rows = rowsOf<{ result: AllocationResultJson }>(
      await this.db.query('SELECT result FROM allocations WHERE site_id = $1 ORDER BY planned_at DESC, allocation_id DESC LIMIT 1', [
        siteId,
      ]),
    );
    return rows[0]?.result ?? null;
  }

  /** Deletes decisions planned before `before`, at most `limit` of them, keeping each site's latest; how many. */
  async deleteBefore(before: Date, limit: number): Promise<number> {
    return rowsOf(
      await this.db.query(
        `DELETE FROM allocations WHERE allocation_id IN (
           SELECT a.allocation_id FROM allocations a
           WHERE a.planned_at < $1
             AND a.allocation_id <> (SELECT max(b.allocation_id) FROM allocations b WHERE b.site_id = a.site_id)
           LIMIT $2)
         RETURNING allocation_id`,
        [before, limit],
      ),
    ).length;
  }
}
