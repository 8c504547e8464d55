import type { PhaseCurrents } from '@voltlane/energy-domain';
import { phasesOf, rowsOf, type Queryable } from './sql-values';

export type LoadSource = 'api' | 'topic';

/** The latest measured unmanaged load under a node. */
export interface MeasuredLoad {
  siteId: string;
  nodeId: string;
  currentA: PhaseCurrents;
  measuredAt: Date;
  source: LoadSource;
}

interface LoadRow {
  site_id: string;
  node_id: string;
  l1_a: string;
  l2_a: string;
  l3_a: string;
  measured_at: Date;
  source: LoadSource;
}

const COLUMNS = 'site_id, node_id, l1_a, l2_a, l3_a, measured_at, source';

function loadOf(row: LoadRow): MeasuredLoad {
  return {
    siteId: row.site_id,
    nodeId: row.node_id,
    currentA: phasesOf(row.l1_a, row.l2_a, row.l3_a) ?? [0, 0, 0],
    measuredAt: row.measured_at,
    source: row.source,
  };
}

/** The `measured_loads` table: one row per node, the latest measurement wins. */
export class MeasuredLoadRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Stores a measurement unless a later one is stored already; the stored one either way and
   * whether this one was taken.
   */
  async record(load: MeasuredLoad): Promise<{ stored: MeasuredLoad; taken: boolean }> {
    const taken = rowsOf<LoadRow>(
      await this.db.query(
        `INSERT INTO measured_loads (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (site_id, node_id) DO UPDATE SET
           l1_a = excluded.l1_a, l2_a = excluded.l2_a, l3_a = excluded.l3_a, measured_at = excluded.measured_at, source = excluded.source
         WHERE excluded.measured_at >= measured_loads.measured_at
         RETURNING ${COLUMNS}`,
        [load.siteId, load.nodeId, ...load.currentA, load.measuredAt, load.source],
      ),
    );
    if (taken[0]) return { stored: loadOf(taken[0]), taken: true };
    const stored = await this.get(load.siteId, load.nodeId);
    return { stored: stored ?? load, taken: false };
  }

  async get(siteId: string, nodeId: string): Promise<MeasuredLoad | null> {
    const rows = rowsOf<LoadRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM measured_loads WHERE site_id = $1 AND node_id = $2`, [siteId, nodeId]),
    );
    return rows[0] ? loadOf(rows[0]) : null;
  }

  async ofSite(siteId: string): Promise<MeasuredLoad[]> {
    const rows = rowsOf<LoadRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM measured_loads WHERE site_id = $1 ORDER BY node_id`, [siteId]),
    );
    return rows.map(loadOf);
  }
}
