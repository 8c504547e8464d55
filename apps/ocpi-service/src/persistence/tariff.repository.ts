import type { TariffCatalogEntry } from '@voltlane/contracts';
import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { OcpiTariff } from '../domain/tariff-mapping';
import type { UpdatedBetween } from './location.repository';

/**
 * One billing-service tariff as kept here: its latest `billing.tariffs.v1` record and the OCPI
 * Tariff partners are shown (null, and `deleted`, while no version is in force or to come).
 */
export interface StoredTariff {
  tariffId: string;
  revision: number;
  entry: TariffCatalogEntry;
  ocpi: OcpiTariff | null;
  /** When `ocpi` last changed (its `last_updated`). */
  lastUpdated: Date;
}

interface TariffRow {
  tariff_id: string;
  revision: string;
  body: { entry: TariffCatalogEntry; ocpi: OcpiTariff | null };
  last_updated: Date;
}

const tariffOf = (row: TariffRow): StoredTariff => ({
  tariffId: row.tariff_id,
  revision: Number(row.revision),
  entry: row.body.entry,
  ocpi: row.body.ocpi,
  lastUpdated: row.last_updated,
});

/**
 * Advisory-lock namespace of "the tariffs (and the tariff ids on connectors) are being changed": one
 * lock per schema (advisory locks are database-wide; a deployment is a schema).
 */
const TARIFFS_LOCK_SPACE = 0x0c_b1_00_03;

/** The `tariffs` table: `body` = { entry (the record), ocpi (the published tariff or null) }. */
export class TariffRepository {
  constructor(private readonly db: Queryable) {}

  /** Serialises tariff changes (the topic, the periodic refresh, other replicas) until the transaction ends. */
  async lockAll(): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema()))`, [TARIFFS_LOCK_SPACE]);
  }

  async get(tariffId: string): Promise<StoredTariff | undefined> {
    const rows = rowsOf<TariffRow>(
      await this.db.query(`SELECT tariff_id, revision, body, last_updated FROM tariffs WHERE tariff_id = $1`, [tariffId]),
    );
    return rows[0] ? tariffOf(rows[0]) : undefined;
  }

  async all(): Promise<StoredTariff[]> {
    const rows = rowsOf<TariffRow>(await this.db.query(`SELECT tariff_id, revision, body, last_updated FROM tariffs ORDER BY tariff_id`));
    return rows.map(tariffOf);
  }

  async save(tariff: StoredTariff): Promise<void> {
    await this.db.query(
      `INSERT INTO tariffs (tariff_id, revision, body, deleted, last_updated) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (tariff_id) DO UPDATE SET revision = EXCLUDED.revision, body = EXCLUDED.body, deleted = EXCLUDED.deleted,
         last_updated = EXCLUDED.last_updated`,
      [
        tariff.tariffId,
        tariff.revision,
        JSON.stringify({ entry: tariff.entry, ocpi: tariff.ocpi }),
        tariff.ocpi === null,
        tariff.lastUpdated,
      ],
    );
  }

  /** The published tariffs for an OCPI pull: `last_updated` in [from, to), by id. */
  async pullPage(between: UpdatedBetween, limit: number, offset: number): Promise<{ items: OcpiTariff[]; total: number }> {
    const where = ['NOT deleted'];
    const params: unknown[] = [];
    if (between.from) where.push(`last_updated >= $${params.push(between.from)}`);
    if (between.to) where.push(`last_updated < $${params.push(between.to)}`);
    const clause = `WHERE ${where.join(' AND ')}`;
    const counted = rowsOf<{ count: string }>(await this.db.query(`SELECT count(*) AS count FROM tariffs ${clause}`, params));
    const rows = rowsOf<{ ocpi: OcpiTariff }>(
      await this.db.query(
        `SELECT body->'ocpi' AS ocpi FROM tariffs ${clause} ORDER BY tariff_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
    );
    return { items: rows.map((r) => r.ocpi), total: Number(counted[0]?.count ?? 0) };
  }
}
