import { rowsOf, type Queryable } from '@voltlane/service-kit';
import type { TariffCatalogEntry } from '@voltlane/contracts';

/**
 * The billing-service's tariffs as billing.tariffs.v1 published them (every version and
 * assignment): the `entry` the push part keeps of each in `tariffs.body` (read only). The sessions
 * part prices running roaming sessions with them and cuts CDR charging periods at their bands.
 */
export class SessionTariffCatalogRepository {
  async get(db: Queryable, tariffId: string): Promise<TariffCatalogEntry | undefined> {
    return (
      rowsOf<{ entry: TariffCatalogEntry | null }>(
        await db.query(`SELECT body->'entry' AS entry FROM tariffs WHERE tariff_id = $1`, [tariffId]),
      )[0]?.entry ?? undefined
    );
  }

  /** Every tariff (tariffs, not sessions: a few hundred rows at most). */
  async all(db: Queryable): Promise<TariffCatalogEntry[]> {
    const rows = rowsOf<{ entry: TariffCatalogEntry | null }>(
      await db.query(`SELECT body->'entry' AS entry FROM tariffs ORDER BY tariff_id`),
    );
    return rows.flatMap((r) => (r.entry ? [r.entry] : []));
  }
}
