/**
 * The baseline an operator might otherwise have: split the grid connection's static rating equally
 * by the number of sessions, ignoring the tree (circuits, stations, EVSEs), the phases, unmanaged
 * load, fixed draws, external limits, the margin and the minimum. Checked against the same limits
 * the allocator honours.
 */
import type { AllocationInput } from '@voltlane/energy-domain';

export function naiveEqualSplit(input: AllocationInput): Map<string, number> {
  const grid = input.nodes.find((n) => n.parentId === null)!;
  const share = Math.min(...(grid.limitA ?? [Infinity])) / Math.max(1, input.sessions.length);
  return new Map(input.sessions.map((s) => [s.sessionId, Math.floor(Math.min(s.maxA, share) * 10) / 10]));
}

export interface LimitCheck {
  /** Nodes where the planned current (any phase) or power is above the limit in force. */
  violatedNodes: number;
  /** Worst excess over a per-phase limit, A. */
  worstExcessA: number;
  /** Sessions given something between 0 and their minimum: an EV stops charging at that. */
  belowMinimum: number;
  /** Allocated current summed over sessions and phases, A. */
  allocatedA: number;
}

/** Checks per-session limits against every node's limits in force (static ∩ external in force, × (1 − margin)). */
export function checkLimits(input: AllocationInput, limits: ReadonlyMap<string, number>): LimitCheck {
  const keep = 1 - input.settings.safetyMarginPct / 100;
  const parent = new Map(input.nodes.map((n) => [n.id, n.parentId]));
  const load = new Map(input.nodes.map((n) => [n.id, [0, 0, 0]]));
  /** Adds a per-phase current at a node and every ancestor (unmanaged load, fixed draws and sessions alike). */
  const addUp = (nodeId: string, phases: readonly number[], a: number): void => {
    for (let id: string | null = nodeId; id !== null; id = parent.get(id)!) for (const q of phases) load.get(id)![q] += a;
  };
  for (const node of input.nodes) node.unmanagedA.forEach((a, q) => addUp(node.id, [q], a));
  for (const f of input.fixed) addUp(f.nodeId, f.gridPhases, f.currentA);
  let belowMinimum = 0;
  let allocatedA = 0;
  for (const s of input.sessions) {
    const a = limits.get(s.sessionId) ?? 0;
    if (a > 0 && a < s.minA) belowMinimum++;
    allocatedA += a * s.gridPhases.length;
    addUp(s.nodeId, s.gridPhases, a);
  }
  let violatedNodes = 0;
  let worstExcessA = 0;
  for (const node of input.nodes) {
    const inForce = input.externalLimits.filter(
      (l) => l.nodeId === node.id && (l.validFrom ?? -Infinity) <= input.now && input.now < (l.validTo ?? Infinity),
    );
    const limitA = [0, 1, 2].map((q) => Math.min(node.limitA?.[q] ?? Infinity, ...inForce.map((l) => l.limitA?.[q] ?? Infinity)) * keep);
    const limitKw = Math.min(node.limitKw ?? Infinity, ...inForce.map((l) => l.limitKw ?? Infinity)) * keep;
    const planned = load.get(node.id)!;
    const excess = Math.max(...planned.map((a, q) => a - limitA[q]));
    const kw = ((planned[0] + planned[1] + planned[2]) * input.settings.voltageV) / 1000;
    if (excess > 1e-6 || kw > limitKw + 1e-6) violatedNodes++;
    worstExcessA = Math.max(worstExcessA, excess);
  }
  return { violatedNodes, worstExcessA: Math.round(worstExcessA * 10) / 10, belowMinimum, allocatedA: Math.round(allocatedA) };
}
