/**
 * An independent, deliberately simple reading of the allocation semantics (design rules 1–7) for
 * the property tests: effective limits and base loads computed node by node, and a reference
 * allocator that fills with plain loops (O(S²) and more; fine for test sizes). Shares no code with
 * the allocator beyond the model types.
 */
import type { AllocationInput, LimitNode, SessionDemand } from '../model';

export const POWER = 3;

export interface Oracle {
  input: AllocationInput;
  byId: Map<string, LimitNode>;
  /** Node id → ids of the node and its ancestors. */
  path: (nodeId: string) => string[];
  /** Effective limit per phase (Infinity = none) and power in kW (Infinity = none). */
  effA: Map<string, number[]>;
  effKw: Map<string, number>;
  /** Unmanaged + fixed under each node, per phase. */
  base: Map<string, number[]>;
  /** Sessions in allocation order (rule 2). */
  ordered: SessionDemand[];
}

export function compareForOracle(a: SessionDemand, b: SessionDemand): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const ra = (a.requiredA ?? 0) > 0;
  const rb = (b.requiredA ?? 0) > 0;
  if (ra !== rb) return ra ? -1 : 1;
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt;
  return a.sessionId < b.sessionId ? -1 : 1;
}

export function oracleOf(input: AllocationInput): Oracle {
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  const path = (nodeId: string): string[] => {
    const out: string[] = [];
    for (let id: string | null = nodeId; id !== null; id = byId.get(id)!.parentId) out.push(id);
    return out;
  };
  const keep = 1 - input.settings.safetyMarginPct / 100;
  const effA = new Map<string, number[]>();
  const effKw = new Map<string, number>();
  const base = new Map<string, number[]>();
  for (const node of input.nodes) {
    const inForce = input.externalLimits.filter(
      (l) =>
        l.nodeId === node.id &&
        (l.validFrom === undefined || l.validFrom <= input.now) &&
        (l.validTo === undefined || input.now < l.validTo),
    );
    const phaseLimits = [node.limitA, ...inForce.map((l) => l.limitA)].filter((x) => x !== undefined);
    effA.set(
      node.id,
      [0, 1, 2].map((q) => Math.min(Infinity, ...phaseLimits.map((l) => l[q])) * keep),
    );
    const kwLimits = [node.limitKw, ...inForce.map((l) => l.limitKw)].filter((x) => x !== undefined);
    effKw.set(node.id, Math.min(Infinity, ...kwLimits) * keep);
    base.set(node.id, [0, 0, 0]);
  }
  for (const node of input.nodes) for (const id of path(node.id)) node.unmanagedA.forEach((a, q) => (base.get(id)![q] += a));
  for (const draw of input.fixed) for (const id of path(draw.nodeId)) for (const q of draw.gridPhases) base.get(id)![q] += draw.currentA;
  return { input, byId, path, effA, effKw, base, ordered: [...input.sessions].sort(compareForOracle) };
}

/** How far the given per-session currents (A per phase) exceed a node's limits: the worst excess, A or kW (≤ 0: within). */
export function excess(o: Oracle, nodeId: string, current: ReadonlyMap<string, number>): { phase: number[]; kw: number } {
  const load = [...o.base.get(nodeId)!];
  for (const s of o.input.sessions) {
    const a = current.get(s.sessionId) ?? 0;
    if (a > 0 && o.path(s.nodeId).includes(nodeId)) for (const q of s.gridPhases) load[q] += a;
  }
  const kw = ((load[0] + load[1] + load[2]) * o.input.settings.voltageV) / 1000;
  return { phase: load.map((l, q) => l - o.effA.get(nodeId)![q]), kw: kw - o.effKw.get(nodeId)! };
}

/** Whether `session` at its minimum fits with `admitted` at theirs, under every node on its path. */
export function minimumFits(o: Oracle, session: SessionDemand, admitted: readonly SessionDemand[], tolerance: number): boolean {
  const current = new Map(admitted.map((s) => [s.sessionId, s.minA] as const));
  current.set(session.sessionId, session.minA);
  return o.path(session.nodeId).every((id) => {
    const e = excess(o, id, current);
    return session.gridPhases.every((q) => e.phase[q] <= tolerance) && e.kw * (1000 / o.input.settings.voltageV) <= tolerance;
  });
}

/** The reference allocator's unrounded levels (0 = paused), by session id. */
export function referenceLevels(input: AllocationInput): Map<string, number> {
  const o = oracleOf(input);
  const V = input.settings.voltageV;
  // Constraints as [node, q] with their room left; q = POWER counts amperes summed over phases.
  const slack = new Map<string, number>();
  const key = (id: string, q: number): string => `${id}/${q}`;
  for (const node of input.nodes) {
    const b = o.base.get(node.id)!;
    for (let q = 0; q < 3; q++) slack.set(key(node.id, q), o.effA.get(node.id)![q] - b[q]);
    slack.set(key(node.id, POWER), (o.effKw.get(node.id)! * 1000) / V - (b[0] + b[1] + b[2]));
  }
  const overcommitted = new Set(input.nodes.filter((n) => [0, 1, 2, POWER].some((q) => slack.get(key(n.id, q))! < -1e-7)).map((n) => n.id));
  const uses = (s: SessionDemand): [string, number][] =>
    o
      .path(s.nodeId)
      .flatMap((id) => [
        ...s.gridPhases.map((q) => [key(id, q), 1] as [string, number]),
        [key(id, POWER), s.gridPhases.length] as [string, number],
      ]);
  const room = (s: SessionDemand): number => Math.min(...uses(s).map(([c, w]) => slack.get(c)! / w));
  const add = (s: SessionDemand, a: number): void => uses(s).forEach(([c, w]) => slack.set(c, slack.get(c)! - a * w));
  const level = new Map<string, number>();
  const admitted: SessionDemand[] = [];
  for (const s of o.ordered) {
    if (o.path(s.nodeId).some((id) => overcommitted.has(id)) || room(s) < s.minA - 1e-9) level.set(s.sessionId, 0);
    else {
      add(s, s.minA);
      level.set(s.sessionId, s.minA);
      admitted.push(s);
    }
  }
  for (const s of admitted) {
    const goal = Math.min(s.requiredA ?? 0, s.demandA, s.maxA) - level.get(s.sessionId)!;
    const inc = Math.min(goal, room(s));
    if (inc > 1e-7) {
      add(s, inc);
      level.set(s.sessionId, level.get(s.sessionId)! + inc);
    }
  }
  const fill = (members: SessionDemand[], target: (s: SessionDemand) => number): void => {
    const frozen = new Set(members.filter((s) => level.get(s.sessionId)! >= target(s) - 1e-9).map((s) => s.sessionId));
    for (;;) {
      const open = members.filter((s) => !frozen.has(s.sessionId));
      if (!open.length) return;
      const t = Math.min(...open.map((s) => level.get(s.sessionId)!));
      const growing = open.filter((s) => level.get(s.sessionId)! <= t + 1e-9);
      const blocked = growing.filter((s) => room(s) <= 1e-7);
      if (blocked.length) {
        blocked.forEach((s) => frozen.add(s.sessionId));
        continue;
      }
      const rate = new Map<string, number>();
      for (const s of growing) for (const [c, w] of uses(s)) rate.set(c, (rate.get(c) ?? 0) + w);
      const nextFloor = Math.min(...open.filter((s) => level.get(s.sessionId)! > t + 1e-9).map((s) => level.get(s.sessionId)! - t));
      const toTarget = Math.min(...growing.map((s) => target(s) - level.get(s.sessionId)!));
      const toLimit = Math.min(...[...rate].map(([c, r]) => slack.get(c)! / r));
      const step = Math.max(0, Math.min(nextFloor, toTarget, toLimit));
      for (const s of growing) {
        add(s, step);
        level.set(s.sessionId, level.get(s.sessionId)! + step);
        if (level.get(s.sessionId)! >= target(s) - 1e-9) frozen.add(s.sessionId);
      }
    }
  };
  const tiers = [...new Set(admitted.map((s) => s.priority))].map((p) => admitted.filter((s) => s.priority === p));
  for (const tier of tiers) fill(tier, (s) => Math.min(s.demandA, s.maxA));
  for (const tier of tiers) fill(tier, (s) => s.maxA);
  return level;
}
