import type { Logger } from 'pino';
import { BillingError, catalogOf, selectTariff, type Tariff } from '@voltlane/billing-domain';
import type { TariffCatalogEntry } from '@voltlane/contracts';
import type { Queryable } from '@voltlane/service-kit';
import type { SessionTariffCatalogRepository } from '../../persistence/session-tariff-catalog.repository';

/** Currency of a session no tariff prices (OCPI requires one). */
export const FALLBACK_CURRENCY = 'EUR';

/**
 * The billing-service's tariffs as the sessions part uses them (the push part's replica of billing.tariffs.v1):
 * which tariff billing will price a roaming session with (ADR 0016's `selectTariff`: the station's
 * assignment before the default; roaming tokens have no customer group), and a CDR's tariff version.
 */
export class SessionPricing {
  constructor(
    private readonly catalog: SessionTariffCatalogRepository,
    private readonly logger: Logger,
  ) {}

  entries(db: Queryable): Promise<TariffCatalogEntry[]> {
    return this.catalog.all(db);
  }

  /** The tariff of a session at this station started then; undefined when none applies. */
  async tariffFor(db: Queryable, stationId: string, startedAt: Date): Promise<Tariff | undefined> {
    const { tariffs, assignments } = catalogOf(await this.catalog.all(db));
    try {
      return selectTariff(assignments, tariffs, { stationId, customerGroup: null, at: startedAt }).tariff;
    } catch (error) {
      if (!(error instanceof BillingError)) throw error;
      this.logger.debug({ stationId, code: error.code }, 'no tariff prices the roaming session');
      return undefined;
    }
  }

  /** A version of a tariff (a CDR names the one it was priced with); undefined when the replica has not got it. */
  async version(db: Queryable, tariffId: string, version: number): Promise<{ tariff: Tariff; entry: TariffCatalogEntry } | undefined> {
    const entry = await this.catalog.get(db, tariffId);
    const tariff = entry ? catalogOf([entry]).tariffs.find((t) => t.version === version) : undefined;
    return entry && tariff ? { tariff, entry } : undefined;
  }
}
