import type { ExternalLimit, LimitNode, SiteSettings } from './model';

/** Whether an external limit is in force at `now`: validFrom ≤ now < validTo (an absent end always holds). */
export function limitInForce(limit: Pick<ExternalLimit, 'validFrom' | 'validTo'>, now: number): boolean {
  return (limit.validFrom === undefined || limit.validFrom <= now) && (limit.validTo === undefined || now < limit.validTo);
}

/**
 * A validated site tree in canonical form (nodes sorted by id, so nothing depends on input order),
 * with each node's limits in force: min(static, external limits in force) × (1 − margin).
 */
export interface SiteTree {
  /** Node ids by canonical index (sorted). */
  ids: string[];
  nodes: LimitNode[];
  index: Map<string, number>;
  /** Canonical index of the parent; -1 for the root. */
  parent: Int32Array;
  /** Every node after its parent (breadth first from the root). */
  topo: Int32Array;
  /** Effective current limit per node and grid phase, [3 × node + phase], A; Infinity = none. */
  effA: Float64Array;
  /** Effective power limit per node as amperes summed over phases (W / V); Infinity = none. */
  effPhaseA: Float64Array;
  /** Whether the node has a current limit (static or external in force) and a power limit. */
  hasLimitA: Uint8Array;
  hasLimitKw: Uint8Array;
}

export function buildSiteTree(
  nodes: readonly LimitNode[],
  externalLimits: readonly ExternalLimit[],
  settings: SiteSettings,
  now: number,
): SiteTree {
  const sorted = [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  const ids = sorted.map((x) => x.id);
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const parent = new Int32Array(n);
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  let root = -1;
  // Children linked in reverse canonical order, then walked breadth first: any fixed order will do.
  for (let i = n - 1; i >= 0; i--) {
    const p = sorted[i].parentId === null ? -1 : index.get(sorted[i].parentId!)!;
    parent[i] = p;
    if (p < 0) root = i;
    else {
      nextSibling[i] = firstChild[p];
      firstChild[p] = i;
    }
  }
  const topo = new Int32Array(n);
  let head = 0;
  let tail = 0;
  topo[tail++] = root;
  while (head < tail) for (let c = firstChild[topo[head++]]; c >= 0; c = nextSibling[c]) topo[tail++] = c;

  const keep = 1 - settings.safetyMarginPct / 100;
  const effA = new Float64Array(3 * n).fill(Infinity);
  const effPhaseA = new Float64Array(n).fill(Infinity);
  const hasLimitA = new Uint8Array(n);
  const hasLimitKw = new Uint8Array(n);
  const tighten = (i: number, limitA: readonly number[] | undefined, limitKw: number | undefined): void => {
    if (limitA) {
      hasLimitA[i] = 1;
      for (let p = 0; p < 3; p++) effA[3 * i + p] = Math.min(effA[3 * i + p], limitA[p]);
    }
    if (limitKw !== undefined) {
      hasLimitKw[i] = 1;
      effPhaseA[i] = Math.min(effPhaseA[i], (limitKw * 1000) / settings.voltageV);
    }
  };
  sorted.forEach((node, i) => tighten(i, node.limitA, node.limitKw));
  for (const limit of externalLimits) if (limitInForce(limit, now)) tighten(index.get(limit.nodeId)!, limit.limitA, limit.limitKw);
  for (let i = 0; i < 3 * n; i++) effA[i] *= keep;
  for (let i = 0; i < n; i++) effPhaseA[i] *= keep;
  return { ids, nodes: sorted, index, parent, topo, effA, effPhaseA, hasLimitA, hasLimitKw };
}

/** Adds every node's own per-phase values ([3 × node + phase]) into all its ancestors, in place. */
export function accumulateSubtrees(tree: SiteTree, perPhase: Float64Array): Float64Array {
  for (let k = tree.topo.length - 1; k > 0; k--) {
    const i = tree.topo[k];
    const p = tree.parent[i];
    for (let q = 0; q < 3; q++) perPhase[3 * p + q] += perPhase[3 * i + q];
  }
  return perPhase;
}
