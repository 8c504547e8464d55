import type { EnergyAllocationNode, EnergyAllocationSession } from '@voltlane/contracts';
import { gridPhasesOf, type AllocationResult, type PhaseCurrents } from '@voltlane/energy-domain';
import type { AllocationResultJson } from '../persistence/allocation-writer.repository';
import type { PlanInput, PlannedSession } from './allocation-input';
import type { SiteSnapshot } from './site-snapshot';
import { subtreeSums } from './subtree-sums';

const tenth = (x: number): number => Math.round(x * 10) / 10;
const tenths = (p: readonly number[]): [number, number, number] => [tenth(p[0] ?? 0), tenth(p[1] ?? 0), tenth(p[2] ?? 0)];

/** A session's latest measured current on the grid's phases (its station's L1–L3 through the rotation); undefined when never measured. */
export function measuredOnGrid(planned: Pick<PlannedSession, 'session' | 'stationNode'>): [number, number, number] | undefined {
  if (!planned.session.measuredAt) return undefined;
  const grid: [number, number, number] = [0, 0, 0];
  gridPhasesOf(planned.stationNode.phaseRotation, 3).forEach((g, i) => (grid[g] += planned.session.measuredA[i] ?? 0));
  return grid;
}

/**
 * The decision as it is stored and published: every session (the allocator's share, or its fixed
 * draw), every node with its limits in force, planned and measured load.
 */
export function allocationRecord(snapshot: SiteSnapshot, plan: PlanInput, result: AllocationResult): AllocationResultJson {
  const decided = new Map(result.sessions.map((s) => [s.sessionId, s]));
  const sessions: EnergyAllocationSession[] = plan.sessions.map((p) => {
    const measured = measuredOnGrid(p);
    const base = {
      sessionId: p.session.sessionId,
      stationId: p.session.stationId,
      evseId: p.session.evseId,
      transactionRef: p.session.transactionRef,
      ...(measured ? { measuredA: tenths(measured) } : {}),
    };
    const share = decided.get(p.session.sessionId);
    if (p.fixed || !share)
      return {
        ...base,
        limitA: tenth(p.fixed?.currentA ?? 0),
        phases: p.gridPhases.length,
        status: 'Fixed',
        reason: p.fixed?.reason ?? 'not decided',
      };
    return {
      ...base,
      limitA: share.limitA,
      phases: share.phases,
      status: share.status,
      reason: share.reason.slice(0, 500),
      ...(share.limitingNodeId ? { limitingNodeId: share.limitingNodeId } : {}),
    };
  });
  const measuredUnder = measuredByNode(snapshot, plan);
  const kinds = new Map(snapshot.nodes.map((n) => [n.nodeId, n.kind]));
  const nodes: EnergyAllocationNode[] = result.nodes.map((n) => {
    const measured = measuredUnder.get(n.nodeId);
    return {
      nodeId: n.nodeId,
      kind: kinds.get(n.nodeId) ?? 'circuit',
      ...(n.effectiveLimitA && n.effectiveLimitA.every(Number.isFinite) ? { effectiveLimitA: tenths(n.effectiveLimitA) } : {}),
      ...(n.effectiveLimitKw !== undefined && Number.isFinite(n.effectiveLimitKw)
        ? { effectiveLimitKw: Math.round(n.effectiveLimitKw * 100) / 100 }
        : {}),
      plannedA: tenths(n.plannedA),
      plannedKw: Math.round(n.plannedKw * 100) / 100,
      ...(measured ? { measuredA: tenths(measured) } : {}),
    };
  });
  return { sessions, nodes, overcommitted: [...result.overcommitted] };
}

/** What was measured under each node: its sessions' draws and the measured unmanaged loads in its subtree. */
function measuredByNode(snapshot: SiteSnapshot, plan: PlanInput): Map<string, PhaseCurrents> {
  const { add: addUp, sums } = subtreeSums(snapshot.nodes);
  for (const load of snapshot.loads) addUp(load.nodeId, load.currentA);
  for (const p of plan.sessions) {
    const measured = measuredOnGrid(p);
    if (measured) addUp(p.nodeId, measured);
  }
  return sums;
}

/** True when two results give every session the same share (a periodic plan that changed nothing is not stored again). */
export function sameShares(a: AllocationResultJson | null, b: AllocationResultJson): boolean {
  if (!a) return false;
  const key = (r: AllocationResultJson) =>
    JSON.stringify(
      [...r.sessions].sort((x, y) => x.sessionId.localeCompare(y.sessionId)).map((s) => [s.sessionId, s.limitA, s.phases, s.status]),
    );
  return key(a) === key(b) && JSON.stringify(a.overcommitted) === JSON.stringify(b.overcommitted);
}
