import { rowsOf, type Queryable } from './sql-values';

/** One stored decision of the planner (the runtime part writes them; this is the read side). */
export interface StoredAllocation {
  /** Grows with every decision (bigserial, as decimal text like energy.allocations.v1). */
  allocationId: string;
  siteId: string;
  plannedAt: Date;
  triggers: string[];
  /** The decision as the planner stored it (sessions, nodes, …). */
  result: Record<string, unknown>;
  /** Where the history continues after this one. */
  cursor: HistoryCursor;
}

/** Where a page of history continues: the last row's time (µs since the epoch, exact) and id (keyset, newest first). */
export interface HistoryCursor {
  plannedUs: bigint;
  allocationId: bigint;
}

export interface HistoryQuery {
  from?: Date;
  to?: Date;
  limit: number;
  after?: HistoryCursor;
}

/** A station that answered a profile with Rejected / NotSupported / NotImplemented. */
export interface FlaggedStation {
  stationId: string;
  flaggedAt: Date;
  reason: string | null;
  connected: boolean;
  /** The site and node of its station node; null when it is in no site. */
  siteId: string | null;
  nodeId: string | null;
}

interface AllocationRow {
  allocation_id: string;
  site_id: string;
  planned_at: Date;
  triggers: string[];
  result: Record<string, unknown>;
  planned_us: string;
}

const COLUMNS = `allocation_id, site_id, planned_at, triggers, result,
  (extract(epoch FROM planned_at) * 1000000)::bigint AS planned_us`;

function allocationOf(row: AllocationRow): StoredAllocation {
  return {
    allocationId: String(row.allocation_id),
    siteId: row.site_id,
    plannedAt: row.planned_at,
    triggers: row.triggers,
    result: row.result,
    cursor: { plannedUs: BigInt(row.planned_us), allocationId: BigInt(row.allocation_id) },
  };
}

/** Reads the `allocations` table (every decision) and the `stations` flags; un-flags a station. */
export class AllocationHistoryRepository {
  constructor(private readonly db: Queryable) {}

  /** The site's latest decision. */
  async latest(siteId: string): Promise<StoredAllocation | null> {
    const rows = rowsOf<AllocationRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM allocations WHERE site_id = $1 ORDER BY planned_at DESC, allocation_id DESC LIMIT 1`, [
        siteId,
      ]),
    );
    return rows[0] ? allocationOf(rows[0]) : null;
  }

  /** Decisions of a site, newest first, planned in [from, to), after the cursor; one more than `limit` tells there are more. */
  async page(siteId: string, query: HistoryQuery): Promise<StoredAllocation[]> {
    const rows = rowsOf<AllocationRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM allocations
         WHERE site_id = $1 AND ($2::timestamptz IS NULL OR planned_at >= $2) AND ($3::timestamptz IS NULL OR planned_at < $3)
           AND ($4::bigint IS NULL OR (planned_at, allocation_id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::bigint))
         ORDER BY planned_at DESC, allocation_id DESC LIMIT $6`,
        [
          siteId,
          query.from ?? null,
          query.to ?? null,
          query.after?.plannedUs.toString() ?? null,
          query.after?.allocationId.toString() ?? null,
          query.limit + 1,
        ],
      ),
    );
    return rows.map(allocationOf);
  }

  /** Stations flagged for refusing profiles, with their site when they are in one. */
  async flagged(): Promise<FlaggedStation[]> {
    const rows = rowsOf<{
      station_id: string;
      flagged_at: Date;
      flag_reason: string | null;
      connected: boolean;
      site_id: string | null;
      node_id: string | null;
    }>(
      await this.db.query(
        `SELECT s.station_id, s.flagged_at, s.flag_reason, s.connected, n.site_id, n.node_id
         FROM stations s LEFT JOIN nodes n ON n.kind = 'station' AND n.station_id = s.station_id
         WHERE s.flagged_at IS NOT NULL ORDER BY s.flagged_at, s.station_id`,
      ),
    );
    return rows.map((r) => ({
      stationId: r.station_id,
      flaggedAt: r.flagged_at,
      reason: r.flag_reason,
      connected: r.connected,
      siteId: r.site_id,
      nodeId: r.node_id,
    }));
  }

  /** Clears a station's flag; false when it was not flagged. */
  async unflag(stationId: string): Promise<boolean> {
    return (
      rowsOf(
        await this.db.query(
          'UPDATE stations SET flagged_at = NULL, flag_reason = NULL WHERE station_id = $1 AND flagged_at IS NOT NULL RETURNING station_id',
          [stationId],
        ),
      ).length > 0
    );
  }
}
