import type { PhaseCurrents } from '@voltlane/energy-domain';
import { numberOf, phasesOf, rowsOf, type Queryable } from './sql-values';

export type LimitSource = 'api' | 'topic' | 'station';

/** A limit imposed on a node for a while (grid operator, energy management, a station's local controller). */
export interface ExternalLimitRecord {
  limitId: string;
  siteId: string;
  nodeId: string;
  source: LimitSource;
  origin: string | null;
  /** Station-reported limits: the station and EVSE (0 = the whole station) that reported it. */
  stationId: string | null;
  evseId: number | null;
  limitA: PhaseCurrents | null;
  limitKw: number | null;
  validFrom: Date | null;
  validTo: Date | null;
  createdAt: Date;
  clearedAt: Date | null;
}

export type NewExternalLimit = Omit<ExternalLimitRecord, 'createdAt' | 'clearedAt'>;

interface LimitRow {
  limit_id: string;
  site_id: string;
  node_id: string;
  source: LimitSource;
  origin: string | null;
  station_id: string | null;
  evse_id: number | null;
  limit_l1_a: string | null;
  limit_l2_a: string | null;
  limit_l3_a: string | null;
  limit_kw: string | null;
  valid_from: Date | null;
  valid_to: Date | null;
  created_at: Date;
  cleared_at: Date | null;
}

const COLUMNS =
  'limit_id, site_id, node_id, source, origin, station_id, evse_id, limit_l1_a, limit_l2_a, limit_l3_a, limit_kw, valid_from, valid_to, created_at, cleared_at';

function limitOf(row: LimitRow): ExternalLimitRecord {
  return {
    limitId: row.limit_id,
    siteId: row.site_id,
    nodeId: row.node_id,
    source: row.source,
    origin: row.origin,
    stationId: row.station_id,
    evseId: row.evse_id,
    limitA: phasesOf(row.limit_l1_a, row.limit_l2_a, row.limit_l3_a),
    limitKw: numberOf(row.limit_kw),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    createdAt: row.created_at,
    clearedAt: row.cleared_at,
  };
}

const values = (limit: NewExternalLimit): unknown[] => {
  const [l1, l2, l3] = limit.limitA ?? [null, null, null];
  return [
    limit.limitId,
    limit.siteId,
    limit.nodeId,
    limit.source,
    limit.origin,
    limit.stationId,
    limit.evseId,
    l1,
    l2,
    l3,
    limit.limitKw,
    limit.validFrom,
    limit.validTo,
  ];
};

const INSERT = `INSERT INTO external_limits (limit_id, site_id, node_id, source, origin, station_id, evse_id, limit_l1_a, limit_l2_a, limit_l3_a, limit_kw, valid_from, valid_to)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

/** The `external_limits` table. */
export class ExternalLimitRepository {
  constructor(private readonly db: Queryable) {}

  async insert(limit: NewExternalLimit): Promise<ExternalLimitRecord> {
    const rows = rowsOf<LimitRow>(await this.db.query(`${INSERT} RETURNING ${COLUMNS}`, values(limit)));
    const [row] = rows;
    if (!row) throw new Error(`limit ${limit.limitId} was not stored`);
    return limitOf(row);
  }

  /**
   * Inserts the limit, or replaces the values of the one with its id while that one is not
   * cleared; a re-delivery with the same values changes nothing. Whether anything changed.
   */
  async upsert(limit: NewExternalLimit): Promise<boolean> {
    const rows = rowsOf(
      await this.db.query(
        `${INSERT} ON CONFLICT (limit_id) DO UPDATE SET
           origin = excluded.origin, limit_l1_a = excluded.limit_l1_a, limit_l2_a = excluded.limit_l2_a, limit_l3_a = excluded.limit_l3_a,
           limit_kw = excluded.limit_kw, valid_from = excluded.valid_from, valid_to = excluded.valid_to
         WHERE external_limits.cleared_at IS NULL
           AND (external_limits.origin, external_limits.limit_l1_a, external_limits.limit_l2_a, external_limits.limit_l3_a,
                external_limits.limit_kw, external_limits.valid_from, external_limits.valid_to)
               IS DISTINCT FROM (excluded.origin, excluded.limit_l1_a, excluded.limit_l2_a, excluded.limit_l3_a,
                excluded.limit_kw, excluded.valid_from, excluded.valid_to)
         RETURNING limit_id`,
        values(limit),
      ),
    );
    return rows.length > 0;
  }

  /** A cleared limit of this id (inserted cleared when unknown, so a late copy cannot revive it); whether anything changed. */
  async upsertCleared(limit: NewExternalLimit): Promise<boolean> {
    const rows = rowsOf(
      await this.db.query(
        `WITH cleared AS (UPDATE external_limits SET cleared_at = now() WHERE limit_id = $1 AND cleared_at IS NULL RETURNING limit_id),
              added AS (
                INSERT INTO external_limits (limit_id, site_id, node_id, source, origin, cleared_at)
                SELECT $1, $2, $3, $4, $5, now() WHERE NOT EXISTS (SELECT 1 FROM external_limits WHERE limit_id = $1)
                ON CONFLICT (limit_id) DO NOTHING RETURNING limit_id)
         SELECT limit_id FROM cleared UNION ALL SELECT limit_id FROM added`,
        [limit.limitId, limit.siteId, limit.nodeId, limit.source, limit.origin],
      ),
    );
    return rows.length > 0;
  }

  async get(limitId: string): Promise<ExternalLimitRecord | null> {
    const rows = rowsOf<LimitRow>(await this.db.query(`SELECT ${COLUMNS} FROM external_limits WHERE limit_id = $1`, [limitId]));
    return rows[0] ? limitOf(rows[0]) : null;
  }

  /** The site's limits that are not cleared and not over at `now`: in force and future ones, by start. */
  async current(siteId: string, now: Date): Promise<ExternalLimitRecord[]> {
    const rows = rowsOf<LimitRow>(
      await this.db.query(
        `SELECT ${COLUMNS} FROM external_limits
         WHERE site_id = $1 AND cleared_at IS NULL AND (valid_to IS NULL OR valid_to > $2)
         ORDER BY valid_from NULLS FIRST, created_at, limit_id`,
        [siteId, now],
      ),
    );
    return rows.map(limitOf);
  }

  /** Clears a limit of the site (cleared_at = now); false when there was none that was not cleared. */
  async clear(siteId: string, limitId: string): Promise<boolean> {
    return (
      rowsOf(
        await this.db.query(
          'UPDATE external_limits SET cleared_at = now() WHERE site_id = $1 AND limit_id = $2 AND cleared_at IS NULL RETURNING limit_id',
          [siteId, limitId],
        ),
      ).length > 0
    );
  }
}
