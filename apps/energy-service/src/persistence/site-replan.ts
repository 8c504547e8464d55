import type { DataSource, EntityManager } from 'typeorm';

/** How many distinct reasons a site keeps until the planner claims it (the oldest go first). */
const MAX_REASONS = 20;

/**
 * The one way every trigger asks for a re-plan: the site becomes due `debounceMs` from now (an
 * earlier due time stays: a stream of triggers cannot postpone a plan forever) and `reason` joins
 * its reasons (once). The planner claims due sites with SKIP LOCKED and clears both.
 * `debounceMs` 0 = due at once (an overload).
 */
export async function markSiteDue(db: DataSource | EntityManager, siteId: string, reason: string, debounceMs: number): Promise<void> {
  await db.query(`UPDATE sites SET ${DUE_SET} WHERE site_id = $1`, [siteId, reason, debounceMs, MAX_REASONS]);
}

/** markSiteDue for the site a station belongs to (through its station node); nothing when it is in no site. */
export async function markStationSiteDue(
  db: DataSource | EntityManager,
  stationId: string,
  reason: string,
  debounceMs: number,
): Promise<void> {
  await db.query(
    `UPDATE sites SET ${DUE_SET}
      WHERE site_id = (SELECT site_id FROM nodes WHERE station_id = $1 AND kind = 'station')`,
    [stationId, reason, debounceMs, MAX_REASONS],
  );
}

// $2 reason, $3 debounce (ms), $4 most reasons kept. LEAST ignores NULL: a site that was not due becomes due.
const DUE_SET = `
  replan_due_at = LEAST(replan_due_at, now() + make_interval(secs => $3::int / 1000.0)),
  replan_reasons = CASE WHEN $2 = ANY (replan_reasons) THEN replan_reasons
                        ELSE (replan_reasons || $2::text)[greatest(1, cardinality(replan_reasons) + 2 - $4::int):] END`;
