import type { AllocationInput, FixedDraw, LimitNode, PhaseCurrents, SessionDemand } from '../model';

export const NO_LOAD: PhaseCurrents = [0, 0, 0];
export const amps = (a: number): PhaseCurrents => [a, a, a];

/** A node without limits or load under `parentId`; override what a case needs. */
export function aNode(id: string, parentId: string | null, overrides: Partial<LimitNode> = {}): LimitNode {
  return { id, parentId, kind: parentId === null ? 'grid' : 'station', unmanagedA: NO_LOAD, ...overrides };
}

/** A three-phase AC session at `nodeId` demanding its maximum of 32 A, minimum 6 A, priority 0. */
export function aSession(sessionId: string, nodeId: string, overrides: Partial<SessionDemand> = {}): SessionDemand {
  return { sessionId, nodeId, gridPhases: [0, 1, 2], minA: 6, maxA: 32, demandA: 32, priority: 0, startedAt: 0, ...overrides };
}

export function aFixedDraw(id: string, nodeId: string, currentA: number, overrides: Partial<FixedDraw> = {}): FixedDraw {
  return { id, nodeId, gridPhases: [0, 1, 2], currentA, reason: 'flagged', ...overrides };
}

/** An input at 230 V, no margin, no external limits or fixed draws, now = 0. */
export function anInput(nodes: LimitNode[], sessions: SessionDemand[], overrides: Partial<AllocationInput> = {}): AllocationInput {
  return { nodes, sessions, externalLimits: [], fixed: [], settings: { safetyMarginPct: 0, voltageV: 230 }, now: 0, ...overrides };
}

/** grid (limitA) → station "st" (no limit): the smallest site. */
export function oneStationSite(gridLimitA: number | PhaseCurrents, grid: Partial<LimitNode> = {}): LimitNode[] {
  return [aNode('grid', null, { limitA: typeof gridLimitA === 'number' ? amps(gridLimitA) : gridLimitA, ...grid }), aNode('st', 'grid')];
}
