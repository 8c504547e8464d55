import type { PhaseCurrents } from '@voltlane/energy-domain';

// What runs SQL and the rows of a statement: the service kit's (the repositories import them from here).
export { rowsOf, type Queryable } from '@voltlane/service-kit';

/** A numeric column (PostgreSQL `numeric` comes back as a string); NULL stays null. */
export function numberOf(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/** Three per-phase numeric columns as [L1, L2, L3], or null when any is NULL. */
export function phasesOf(l1: string | number | null, l2: string | number | null, l3: string | number | null): PhaseCurrents | null {
  if (l1 === null || l2 === null || l3 === null) return null;
  return [Number(l1), Number(l2), Number(l3)];
}
