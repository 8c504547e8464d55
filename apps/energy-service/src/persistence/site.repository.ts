import { rowsOf, type Queryable } from './sql-values';

/** A site: one grid connection and its settings. */
export interface Site {
  siteId: string;
  name: string;
  safetyMarginPct: number;
  voltageV: number;
  /** When the planner takes the site next (a trigger set it); null = only the periodic plan. */
  replanDueAt: Date | null;
  /** The reasons gathered since the last plan. */
  replanReasons: string[];
  plannedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SiteFields {
  name: string;
  safetyMarginPct: number;
  voltageV: number;
}

interface SiteRow {
  site_id: string;
  name: string;
  safety_margin_pct: string;
  voltage_v: string;
  replan_due_at: Date | null;
  replan_reasons: string[];
  planned_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'site_id, name, safety_margin_pct, voltage_v, replan_due_at, replan_reasons, planned_at, created_at, updated_at';

function siteOf(row: SiteRow): Site {
  return {
    siteId: row.site_id,
    name: row.name,
    safetyMarginPct: Number(row.safety_margin_pct),
    voltageV: Number(row.voltage_v),
    replanDueAt: row.replan_due_at,
    replanReasons: row.replan_reasons,
    plannedAt: row.planned_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The `sites` table (plain SQL; the planner's claim and `markSiteDue` write its plan columns). */
export class SiteRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts a site; false when the id is taken. */
  async insert(siteId: string, fields: SiteFields): Promise<Site | null> {
    const rows = rowsOf<SiteRow>(
      await this.db.query(
        `INSERT INTO sites (site_id, name, safety_margin_pct, voltage_v) VALUES ($1, $2, $3, $4)
         ON CONFLICT (site_id) DO NOTHING RETURNING ${COLUMNS}`,
        [siteId, fields.name, fields.safetyMarginPct, fields.voltageV],
      ),
    );
    return rows[0] ? siteOf(rows[0]) : null;
  }

  async get(siteId: string): Promise<Site | null> {
    const rows = rowsOf<SiteRow>(await this.db.query(`SELECT ${COLUMNS} FROM sites WHERE site_id = $1`, [siteId]));
    return rows[0] ? siteOf(rows[0]) : null;
  }

  /** The site, its row locked until the transaction ends (changes to one site's tree are serialised). */
  async lock(siteId: string): Promise<Site | null> {
    const rows = rowsOf<SiteRow>(await this.db.query(`SELECT ${COLUMNS} FROM sites WHERE site_id = $1 FOR UPDATE`, [siteId]));
    return rows[0] ? siteOf(rows[0]) : null;
  }

  /** A page of sites by id, and how many there are. */
  async page(limit: number, offset: number): Promise<{ items: Site[]; total: number }> {
    const rows = rowsOf<SiteRow & { total: string }>(
      await this.db.query(`SELECT ${COLUMNS}, count(*) OVER () AS total FROM sites ORDER BY site_id LIMIT $1 OFFSET $2`, [limit, offset]),
    );
    const total = rows[0]
      ? Number(rows[0].total)
      : Number(rowsOf<{ n: string }>(await this.db.query('SELECT count(*) AS n FROM sites'))[0]?.n ?? 0);
    return { items: rows.map(siteOf), total };
  }

  /** Every site id (to mark them all due). */
  async ids(): Promise<string[]> {
    return rowsOf<{ site_id: string }>(await this.db.query('SELECT site_id FROM sites ORDER BY site_id')).map((r) => r.site_id);
  }

  async update(siteId: string, changes: Partial<SiteFields>): Promise<Site | null> {
    const rows = rowsOf<SiteRow>(
      await this.db.query(
        `UPDATE sites SET name = coalesce($2, name), safety_margin_pct = coalesce($3, safety_margin_pct),
           voltage_v = coalesce($4, voltage_v), updated_at = now()
         WHERE site_id = $1 RETURNING ${COLUMNS}`,
        [siteId, changes.name ?? null, changes.safetyMarginPct ?? null, changes.voltageV ?? null],
      ),
    );
    return rows[0] ? siteOf(rows[0]) : null;
  }

  /** Deletes the site with its tree, loads and limits (foreign keys cascade) and its allocation history. */
  async delete(siteId: string): Promise<boolean> {
    await this.db.query('DELETE FROM allocations WHERE site_id = $1', [siteId]);
    return rowsOf(await this.db.query('DELETE FROM sites WHERE site_id = $1 RETURNING site_id', [siteId])).length > 0;
  }
}
