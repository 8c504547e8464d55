import { rowsOf, type Queryable } from './sql-values';

/** A site the planner took: its settings and why it is planned. */
export interface ClaimedSite {
  siteId: string;
  safetyMarginPct: number;
  voltageV: number;
  /** The reasons gathered since its last plan; empty = only its plan interval ran out. */
  reasons: string[];
}

/** The planner's side of `sites`: claiming due sites (replicas never plan the same site at once). */
export class SitePlanRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Takes up to `limit` sites that are due (a trigger's time came) or whose last plan is older
   * than `intervalMs`, skipping sites another transaction holds (SKIP LOCKED), and marks them
   * planned now with their reasons cleared, in one statement. A trigger that comes in the meantime
   * makes the site due again.
   */
  async claimDue(intervalMs: number, limit: number): Promise<ClaimedSite[]> {
    const rows = rowsOf<{ site_id: string; safety_margin_pct: string; voltage_v: string; reasons: string[] }>(
      await this.db.query(
        `WITH due AS (
           SELECT site_id, replan_reasons FROM sites
           WHERE replan_due_at <= now() OR planned_at IS NULL OR planned_at <= now() - make_interval(secs => $1::int / 1000.0)
           ORDER BY replan_due_at NULLS LAST, planned_at NULLS FIRST, site_id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE sites s SET replan_due_at = NULL, replan_reasons = '{}', planned_at = now()
         FROM due WHERE s.site_id = due.site_id
         RETURNING s.site_id, s.safety_margin_pct, s.voltage_v, due.replan_reasons AS reasons`,
        [intervalMs, limit],
      ),
    );
    return rows.map((r) => ({
      siteId: r.site_id,
      safetyMarginPct: Number(r.safety_margin_pct),
      voltageV: Number(r.voltage_v),
      reasons: r.reasons,
    }));
  }
}
