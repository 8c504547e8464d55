import type { Tariff } from '../tariff/tariff';
import { calculateCost } from './cost-calculator';
import type { CostBreakdown } from './cost-breakdown';
import { usageFromTotals, type UsageTotals } from './session-usage';

/**
 * The cost of a session known by its totals (what `sessions.lifecycle.v1` carries), up to `now`
 * when ongoing, else up to its end. The one function behind the CDR, the running cost, the
 * station's CostUpdated and the TransactionEventResponse totalCost (ADR 0016), so they agree.
 */
export function costOfTotals(totals: UsageTotals, tariff: Tariff, now: Date): CostBreakdown {
  return calculateCost(usageFromTotals(totals, now), tariff, { now });
}

/** A cost's total including tax as the number OCPP's `totalCost` (a decimal) carries. */
export function ocppTotalCost(cost: CostBreakdown): number {
  return Number(cost.totalInclTax.toString());
}
