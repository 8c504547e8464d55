import { EnergyInputError, EnergyInputErrorCode } from './energy-input-error';
import type { ExternalLimit, LimitNode, SiteSettings } from './model';
import { buildSiteTree } from './site-tree';
import { validateExternalLimits, validateSettings, validateTree } from './validate-input';

export interface FailSafeInput {
  nodes: readonly LimitNode[];
  externalLimits: readonly ExternalLimit[];
  settings: SiteSettings;
  now: number;
  /** EVSEs of a station node that has no EVSE child nodes, by station node id (absent: 1). */
  evseCounts?: Readonly<Record<string, number>>;
  /** Least current an AC session charges with, A: a safe limit below it is sent as 0. */
  acMinA: number;
}

/**
 * The fail-safe TxDefaultProfile limit of every station node, A per phase: the limit that is safe
 * with every EVSE under every node drawing it at once = min over the station's EVSE nodes, the
 * station node and its ancestors of (the node's effective per-phase capacity after its unmanaged
 * load / the EVSEs under it), rounded down to 0.1 A, and 0 when below `acMinA`.
 * - Capacity per node: min over phases of (limit − unmanaged load under it), and for a power limit
 *   (kW × 1000 / V − unmanaged) / 3 (an EVSE may draw on all three phases).
 * - Unmanaged load counts only where positive: local generation may be gone while the station is offline.
 * - EVSEs of a station: its EVSE child nodes, else `evseCounts[stationNodeId]`, else 1.
 * - null: no node on the path has any limit (nothing to protect; send the station's rating or nothing).
 */
export function failSafeLimitsA(input: FailSafeInput): Map<string, number | null> {
  const byId = validateTree(input.nodes);
  validateSettings(input.settings, input.now);
  validateExternalLimits(input.externalLimits, byId);
  if (!Number.isFinite(input.acMinA) || input.acMinA < 0)
    throw new EnergyInputError(EnergyInputErrorCode.InvalidSettings, 'acMinA', `acMinA must be a finite number ≥ 0, got ${input.acMinA}`);
  const tree = buildSiteTree(input.nodes, input.externalLimits, input.settings, input.now);
  const n = tree.ids.length;
  const unmanaged = new Float64Array(3 * n);
  const evses = new Float64Array(n);
  const evseChildren = new Int32Array(n);
  tree.nodes.forEach((node, i) => {
    node.unmanagedA.forEach((a, q) => (unmanaged[3 * i + q] = Math.max(0, a)));
    if (node.kind === 'evse' && tree.parent[i] >= 0) evseChildren[tree.parent[i]]++;
  });
  tree.nodes.forEach((node, i) => {
    if (node.kind === 'evse') evses[i] = 1;
    if (node.kind !== 'station' || evseChildren[i] > 0) return;
    const count = input.evseCounts?.[node.id] ?? 1;
    if (!Number.isInteger(count) || count < 1)
      throw new EnergyInputError(
        EnergyInputErrorCode.InvalidSettings,
        node.id,
        `evseCounts["${node.id}"] must be an integer ≥ 1, got ${count}`,
      );
    evses[i] = count;
  });
  for (let k = n - 1; k > 0; k--) {
    const i = tree.topo[k];
    const p = tree.parent[i];
    evses[p] += evses[i];
    for (let q = 0; q < 3; q++) unmanaged[3 * p + q] += unmanaged[3 * i + q];
  }
  // Per node: its capacity per EVSE under it; then the min down the tree (parents first).
  const perEvse = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    let capacity = Infinity;
    for (let q = 0; q < 3; q++) capacity = Math.min(capacity, tree.effA[3 * i + q] - unmanaged[3 * i + q]);
    capacity = Math.min(capacity, (tree.effPhaseA[i] - unmanaged[3 * i] - unmanaged[3 * i + 1] - unmanaged[3 * i + 2]) / 3);
    if (evses[i] > 0) perEvse[i] = capacity / evses[i];
  }
  const downTo = new Float64Array(n);
  for (const i of tree.topo) downTo[i] = Math.min(perEvse[i], tree.parent[i] >= 0 ? downTo[tree.parent[i]] : Infinity);
  const evseMin = new Float64Array(n).fill(Infinity);
  tree.nodes.forEach((node, j) => {
    if (node.kind === 'evse' && tree.parent[j] >= 0) evseMin[tree.parent[j]] = Math.min(evseMin[tree.parent[j]], perEvse[j]);
  });
  const out = new Map<string, number | null>();
  tree.nodes.forEach((node, i) => {
    if (node.kind !== 'station') return;
    const limit = Math.min(downTo[i], evseMin[i]);
    if (limit === Infinity) out.set(node.id, null);
    else {
      const rounded = Math.floor(limit * 10 + 1e-9) / 10;
      out.set(node.id, rounded < input.acMinA || rounded < 0 ? 0 : rounded);
    }
  });
  return out;
}

/** The fail-safe limit of one station node (see failSafeLimitsA); throws when it is not a station node of the tree. */
export function failSafeLimitA(input: FailSafeInput, stationNodeId: string): number | null {
  const limits = failSafeLimitsA(input);
  if (!limits.has(stationNodeId))
    throw new EnergyInputError(EnergyInputErrorCode.InvalidTree, stationNodeId, `node "${stationNodeId}": not a station node of this site`);
  return limits.get(stationNodeId)!;
}
