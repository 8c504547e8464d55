import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { BillingError, catalogOf, costOfTotals, ocppTotalCost, selectTariff } from '@voltlane/billing-domain';
import type { SessionLifecycleEvent } from '@voltlane/contracts';
import type { TariffCatalogRepository } from '../persistence/tariff-catalog.repository';
import type { TokenRepository } from '../persistence/token.repository';

/**
 * The final total cost of a transaction for its TransactionEventResponse (OCPP 2.0.1/2.1 I03 /
 * OCTT TC_I_02): the billing-service's tariff for the session (replicated from
 * billing.tariffs.v1, chosen with the same `selectTariff`: customer group > station > default, at
 * the session start) and the CDR's cost rules (`costOfTotals`) over the Ended lifecycle event's
 * totals, so the station shows what the CDR will bill. Undefined when no tariff applies (OCPP:
 * absence does not mean free) — the answer is never held up by pricing.
 */
export class StationCost {
  constructor(
    private readonly catalog: TariffCatalogRepository,
    private readonly tokens: TokenRepository,
    private readonly logger: Logger,
  ) {}

  async finalTotalCost(m: EntityManager, ended: SessionLifecycleEvent): Promise<number | undefined> {
    try {
      const { tariffs, assignments } = catalogOf(await this.catalog.all(m));
      const token = ended.idTokenKey ? await this.tokens.findByKey(m, ended.idTokenKey) : null;
      const startedAt = new Date(ended.startedAt);
      const endedAt = new Date(ended.endedAt ?? ended.occurredAt);
      const { tariff } = selectTariff(assignments, tariffs, {
        stationId: ended.stationId,
        customerGroup: customerGroupOf(token),
        at: startedAt,
      });
      const cost = costOfTotals(
        { startedAt, endedAt, energyWh: String(ended.energyWh), chargingSeconds: ended.chargingSeconds, idleSeconds: ended.idleSeconds },
        tariff,
        endedAt,
      );
      return ocppTotalCost(cost);
    } catch (error) {
      if (!(error instanceof BillingError)) throw error;
      this.logger.warn({ err: error, sessionId: ended.sessionId, code: error.code }, 'no totalCost for the station');
      return undefined;
    }
  }
}

/** The token's pricing group, read the way the billing-service reads it (customers.tokens.v1 has none yet). */
function customerGroupOf(token: object | null): string | null {
  const group = (token as { customerGroup?: unknown } | null)?.customerGroup;
  return typeof group === 'string' && group.length > 0 ? group : null;
}
