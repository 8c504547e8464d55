import type { DataSource, EntityManager } from 'typeorm';
import type { TariffCatalogEntry } from '@voltlane/contracts';

/** I/O of the tariff replica (billing.tariffs.v1): one row per tariff, the highest revision kept. */
export class TariffCatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async apply(entry: TariffCatalogEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO tariff_catalog (tariff_id, revision, entry) VALUES ($1, $2, $3)
       ON CONFLICT (tariff_id) DO UPDATE SET revision = EXCLUDED.revision, entry = EXCLUDED.entry, updated_at = now()
       WHERE tariff_catalog.revision <= EXCLUDED.revision`,
      [entry.tariffId, entry.revision, JSON.stringify(entry)],
    );
  }

  /** Every tariff of the replica (a few hundred rows at most: tariffs, not sessions). */
  async all(m: EntityManager): Promise<TariffCatalogEntry[]> {
    const rows: { entry: TariffCatalogEntry }[] = await m.query(`SELECT entry FROM tariff_catalog`);
    return rows.map((r) => r.entry);
  }
}
