import { BillingError, BillingErrorCode } from '../billing-error';
import type { Tariff, TariffAssignment, TariffScope, TariffScopeKind } from './tariff';

export interface TariffSelectionContext {
  stationId: string;
  /** The customer's pricing group, when known. */
  customerGroup: string | null;
  /** Session start: assignments and tariff versions are chosen by their validity at this instant. */
  at: Date;
}

export interface SelectedTariff {
  tariff: Tariff;
  assignment: TariffAssignment;
}

/** Most specific first. */
export const SCOPE_PRECEDENCE: readonly TariffScopeKind[] = ['customerGroup', 'station', 'default'];

function validAt(item: { validFrom: Date; validTo: Date | null }, at: number): boolean {
  return item.validFrom.getTime() <= at && (item.validTo === null || at < item.validTo.getTime());
}

function matches(scope: TariffScope, context: TariffSelectionContext): boolean {
  switch (scope.kind) {
    case 'customerGroup':
      return context.customerGroup !== null && scope.customerGroup === context.customerGroup;
    case 'station':
      return scope.stationId === context.stationId;
    case 'default':
      return true;
  }
}

/**
 * Picks the tariff for a session: the most specific scope that has an assignment valid at the
 * session start (customer group > station > default); within a scope the assignment that became
 * valid last (ties: the larger assignment id, so the choice is deterministic). The tariff version
 * is the highest one of the assigned tariff that is valid at the session start; an assignment
 * whose tariff has no valid version is passed over. Throws `NoApplicableTariff`.
 */
export function selectTariff(
  assignments: readonly TariffAssignment[],
  tariffs: readonly Tariff[],
  context: TariffSelectionContext,
): SelectedTariff {
  const at = context.at.getTime();
  for (const kind of SCOPE_PRECEDENCE) {
    const candidates = assignments
      .filter((a) => a.scope.kind === kind && matches(a.scope, context) && validAt(a, at))
      .sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    for (const assignment of candidates) {
      const tariff = tariffs.filter((t) => t.id === assignment.tariffId && validAt(t, at)).sort((a, b) => b.version - a.version)[0];
      if (tariff) return { tariff, assignment };
    }
  }
  throw new BillingError(
    BillingErrorCode.NoApplicableTariff,
    `no tariff applies to station ${context.stationId} at ${context.at.toISOString()}`,
    {
      stationId: context.stationId,
      customerGroup: context.customerGroup,
      at: context.at.toISOString(),
    },
  );
}
