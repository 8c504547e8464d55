import { overloadedNodes } from '@voltlane/energy-domain';
import { planInput } from './allocation-input';
import { measuredOnGrid } from './allocation-record';
import type { PlanSettings, SiteSnapshot } from './site-snapshot';

/** A node is overloaded when what was measured under it exceeds its limit in force by more than this, A. */
const OVERLOAD_TOLERANCE_A = 0.5;

/**
 * The nodes of a site whose measured load (the sessions' last per-phase draws on the grid's phases,
 * the measured and the fixed unmanaged loads) exceeds a limit in force (per phase or in power, less
 * the safety margin): the allocator's own tree and limits (`overloadedNodes`), on the plan's input.
 */
export function overloadedNodesOf(snapshot: SiteSnapshot, settings: PlanSettings, now: number): string[] {
  const plan = planInput(snapshot, settings, now);
  const draws = plan.sessions.flatMap((p) => {
    const currentA = measuredOnGrid(p);
    return currentA ? [{ nodeId: p.nodeId, currentA }] : [];
  });
  return overloadedNodes(plan.input, draws, OVERLOAD_TOLERANCE_A);
}
