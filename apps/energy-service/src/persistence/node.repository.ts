import type { NodeKind, PhaseCurrents } from '@voltlane/energy-domain';
import { numberOf, phasesOf, rowsOf, type Queryable } from './sql-values';

/** OCPP's phase rotations: position i names the grid phase (R = L1, S = L2, T = L3) of the station's phase i. */
export const PHASE_ROTATIONS = ['RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR'] as const;
export type PhaseRotation = (typeof PHASE_ROTATIONS)[number];

/** A node of a site's tree as stored. */
export interface EnergyNode {
  siteId: string;
  nodeId: string;
  /** null only for the grid node (the root). */
  parentId: string | null;
  kind: NodeKind;
  name: string | null;
  /** Per grid phase, A; null = no current limit. */
  limitA: PhaseCurrents | null;
  limitKw: number | null;
  /** Fixed unmanaged load per grid phase, A. */
  unmanagedA: PhaseCurrents;
  /** Station and EVSE nodes: the station's id. */
  stationId: string | null;
  /** Station nodes; null = RST. */
  phaseRotation: PhaseRotation | null;
  /** Station nodes: its number of EVSEs when the tree has no EVSE nodes under it. */
  evseCount: number | null;
  /** EVSE nodes. */
  evseId: number | null;
  priority: number | null;
  /** Station/EVSE rating per phase, A. */
  maxA: number | null;
  dc: boolean;
}

type NumericColumn = string | null;

interface NodeRow {
  site_id: string;
  node_id: string;
  parent_id: string | null;
  kind: NodeKind;
  name: string | null;
  limit_l1_a: NumericColumn;
  limit_l2_a: NumericColumn;
  limit_l3_a: NumericColumn;
  limit_kw: NumericColumn;
  unmanaged_l1_a: string;
  unmanaged_l2_a: string;
  unmanaged_l3_a: string;
  station_id: string | null;
  phase_rotation: PhaseRotation | null;
  evse_id: number | null;
  evse_count: number | null;
  priority: number | null;
  max_a: NumericColumn;
  dc: boolean;
}

const COLUMNS =
  'site_id, node_id, parent_id, kind, name, limit_l1_a, limit_l2_a, limit_l3_a, limit_kw, unmanaged_l1_a, unmanaged_l2_a, unmanaged_l3_a, ' +
  'station_id, phase_rotation, evse_id, evse_count, priority, max_a, dc';

function nodeOf(row: NodeRow): EnergyNode {
  return {
    siteId: row.site_id,
    nodeId: row.node_id,
    parentId: row.parent_id,
    kind: row.kind,
    name: row.name,
    limitA: phasesOf(row.limit_l1_a, row.limit_l2_a, row.limit_l3_a),
    limitKw: numberOf(row.limit_kw),
    unmanagedA: phasesOf(row.unmanaged_l1_a, row.unmanaged_l2_a, row.unmanaged_l3_a) ?? [0, 0, 0],
    stationId: row.station_id,
    phaseRotation: row.phase_rotation,
    evseCount: row.evse_count,
    evseId: row.evse_id,
    priority: row.priority,
    maxA: numberOf(row.max_a),
    dc: row.dc,
  };
}

/** The `nodes` table: the sites' trees (plain SQL). */
export class NodeRepository {
  constructor(private readonly db: Queryable) {}

  /** Every node of a site, parents before their children (then by id). */
  async ofSite(siteId: string): Promise<EnergyNode[]> {
    const rows = rowsOf<NodeRow>(
      await this.db.query(
        `WITH RECURSIVE tree AS (
           SELECT n.*, 0 AS depth FROM nodes n WHERE n.site_id = $1 AND n.parent_id IS NULL
           UNION ALL
           SELECT c.*, t.depth + 1 FROM nodes c JOIN tree t ON c.site_id = t.site_id AND c.parent_id = t.node_id
         )
         SELECT ${COLUMNS} FROM tree ORDER BY depth, node_id`,
        [siteId],
      ),
    );
    return rows.map(nodeOf);
  }

  async get(siteId: string, nodeId: string): Promise<EnergyNode | null> {
    const rows = rowsOf<NodeRow>(await this.db.query(`SELECT ${COLUMNS} FROM nodes WHERE site_id = $1 AND node_id = $2`, [siteId, nodeId]));
    return rows[0] ? nodeOf(rows[0]) : null;
  }

  /** The station node of a station, in whichever site it is. */
  async stationNode(stationId: string): Promise<EnergyNode | null> {
    const rows = rowsOf<NodeRow>(
      await this.db.query(`SELECT ${COLUMNS} FROM nodes WHERE kind = 'station' AND station_id = $1`, [stationId]),
    );
    return rows[0] ? nodeOf(rows[0]) : null;
  }

  /** Inserts or replaces a node (every field); true when it was inserted. */
  async upsert(node: EnergyNode): Promise<boolean> {
    const [limit1, limit2, limit3] = node.limitA ?? [null, null, null];
    const rows = rowsOf<{ inserted: boolean }>(
      await this.db.query(
        `INSERT INTO nodes (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (site_id, node_id) DO UPDATE SET
           parent_id = excluded.parent_id, kind = excluded.kind, name = excluded.name,
           limit_l1_a = excluded.limit_l1_a, limit_l2_a = excluded.limit_l2_a, limit_l3_a = excluded.limit_l3_a, limit_kw = excluded.limit_kw,
           unmanaged_l1_a = excluded.unmanaged_l1_a, unmanaged_l2_a = excluded.unmanaged_l2_a, unmanaged_l3_a = excluded.unmanaged_l3_a,
           station_id = excluded.station_id, phase_rotation = excluded.phase_rotation, evse_id = excluded.evse_id,
           evse_count = excluded.evse_count, priority = excluded.priority, max_a = excluded.max_a, dc = excluded.dc
         RETURNING (xmax = 0) AS inserted`,
        [
          node.siteId,
          node.nodeId,
          node.parentId,
          node.kind,
          node.name,
          limit1,
          limit2,
          limit3,
          node.limitKw,
          ...node.unmanagedA,
          node.stationId,
          node.phaseRotation,
          node.evseId,
          node.evseCount,
          node.priority,
          node.maxA,
          node.dc,
        ],
      ),
    );
    return rows[0]?.inserted === true;
  }

  /** Sets the station id of a station node's EVSE children (the station node's id changed). */
  async setStationOfChildren(siteId: string, parentId: string, stationId: string): Promise<void> {
    await this.db.query(`UPDATE nodes SET station_id = $3 WHERE site_id = $1 AND parent_id = $2 AND kind = 'evse'`, [
      siteId,
      parentId,
      stationId,
    ]);
  }

  /** Deletes a node and everything under it (foreign keys cascade: children, loads, limits); false when there was none. */
  async delete(siteId: string, nodeId: string): Promise<boolean> {
    return (
      rowsOf(await this.db.query('DELETE FROM nodes WHERE site_id = $1 AND node_id = $2 RETURNING node_id', [siteId, nodeId])).length > 0
    );
  }
}
