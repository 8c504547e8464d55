import type { SessionDemand } from './model';
import type { SiteTree } from './site-tree';

/** Constraint index of a node's current limit on grid phase q (0–2), or its power limit (q = 3). */
export const constraintOf = (node: number, q: number): number => 4 * node + q;
export const POWER = 3;

/** The allocation order (design rule 2): priority (high first), sessions with EV needs, earlier start, sessionId. */
export function compareSessions(a: SessionDemand, b: SessionDemand): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const ra = (a.requiredA ?? 0) > 0 ? 0 : 1;
  const rb = (b.requiredA ?? 0) > 0 ? 0 : 1;
  if (ra !== rb) return ra - rb;
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt;
  return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
}

/**
 * The sessions in allocation order with everything the passes need precomputed: each one's path
 * to the root, and on it the finite constraints it loads with their weight (1 A per phase for a
 * current limit, the number of phases it draws on for a power limit); and per node, the sessions
 * under it.
 */
export interface SessionLayout {
  sessions: SessionDemand[];
  /** Canonical index → position in the input. */
  inputIndex: Int32Array;
  node: Int32Array;
  /** Bit q set: draws on grid phase q. */
  mask: Uint8Array;
  phases: Uint8Array;
  consStart: Int32Array;
  consIdx: Int32Array;
  consW: Float64Array;
  underStart: Int32Array;
  underList: Int32Array;
}

export function layoutSessions(input: readonly SessionDemand[], tree: SiteTree, cap: Float64Array): SessionLayout {
  const order = input.map((_, i) => i).sort((a, b) => compareSessions(input[a], input[b]));
  const sessions = order.map((i) => input[i]);
  const s = sessions.length;
  const n = tree.ids.length;
  const node = new Int32Array(s);
  const mask = new Uint8Array(s);
  const phases = new Uint8Array(s);
  const consStart = new Int32Array(s + 1);
  const consIdx: number[] = [];
  const consW: number[] = [];
  const underCount = new Int32Array(n + 1);
  for (let k = 0; k < s; k++) {
    const session = sessions[k];
    node[k] = tree.index.get(session.nodeId)!;
    for (const q of session.gridPhases) mask[k] |= 1 << q;
    phases[k] = session.gridPhases.length;
    consStart[k] = consIdx.length;
    for (let i = node[k]; i >= 0; i = tree.parent[i]) {
      underCount[i + 1]++;
      for (let q = 0; q < 3; q++) {
        const c = constraintOf(i, q);
        if (mask[k] & (1 << q) && cap[c] !== Infinity) {
          consIdx.push(c);
          consW.push(1);
        }
      }
      const c = constraintOf(i, POWER);
      if (cap[c] !== Infinity) {
        consIdx.push(c);
        consW.push(phases[k]);
      }
    }
  }
  consStart[s] = consIdx.length;
  const underStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) underStart[i + 1] = underStart[i] + underCount[i + 1];
  const fill = underStart.slice(0, n);
  const underList = new Int32Array(underStart[n]);
  for (let k = 0; k < s; k++) for (let i = node[k]; i >= 0; i = tree.parent[i]) underList[fill[i]++] = k;
  return {
    sessions,
    inputIndex: Int32Array.from(order),
    node,
    mask,
    phases,
    consStart,
    consIdx: Int32Array.from(consIdx),
    consW: Float64Array.from(consW),
    underStart,
    underList,
  };
}
