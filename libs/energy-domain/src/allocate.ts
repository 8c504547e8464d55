import { EPS_SLACK, createFillState, progressiveFill, type FillState } from './progressive-fill';
import { constraintName, leftOn, needsNote, reasons } from './allocation-reasons';
import type { AllocationInput, AllocationResult, NodeLoad, PhaseCurrents, SessionAllocation } from './model';
import { POWER, constraintOf, layoutSessions } from './session-layout';
import { accumulateSubtrees, buildSiteTree, type SiteTree } from './site-tree';
import { validateAllocationInput } from './validate-input';

/** Round down to 0.1 A (a hair of slack absorbs floating-point noise such as 15.999999999999998). */
export const floorTenth = (x: number): number => Math.floor(x * 10 + 1e-9) / 10;
const micro = (x: number): number => Math.round(x * 1e6) / 1e6;
const FIT = 1e-9;

/** Unmanaged load and fixed draws under each node, per grid phase (canonical order: input order does not matter). */
function baseLoads(tree: SiteTree, input: AllocationInput): Float64Array {
  const base = new Float64Array(3 * tree.ids.length);
  tree.nodes.forEach((node, i) => node.unmanagedA.forEach((a, q) => (base[3 * i + q] += a)));
  const fixed = [...input.fixed].sort((a, b) =>
    a.id !== b.id ? (a.id < b.id ? -1 : 1) : a.nodeId !== b.nodeId ? (a.nodeId < b.nodeId ? -1 : 1) : a.currentA - b.currentA,
  );
  for (const draw of fixed) for (const q of draw.gridPhases) base[3 * tree.index.get(draw.nodeId)! + q] += draw.currentA;
  return accumulateSubtrees(tree, base);
}

/** Room per constraint ([4 × node + q], q = phase or POWER) before any session: limit − base; Infinity = none. */
function capacities(tree: SiteTree, base: Float64Array): Float64Array {
  const n = tree.ids.length;
  const cap = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < 3; q++) cap[constraintOf(i, q)] = tree.effA[3 * i + q] - base[3 * i + q];
    cap[constraintOf(i, POWER)] = tree.effPhaseA[i] - (base[3 * i] + base[3 * i + 1] + base[3 * i + 2]);
  }
  return cap;
}

/** Rule 3: minimums in allocation order; a session whose minimum does not fit everywhere on its path is paused. */
function admitMinimums(st: FillState, overAt: Int32Array, pausedAt: Int32Array, pausedBy: Int32Array, pausedLeft: Float64Array): void {
  const { sessions, node, consStart, consIdx, consW } = st.layout;
  for (let k = 0; k < sessions.length; k++) {
    if (overAt[node[k]] >= 0) {
      pausedAt[k] = overAt[node[k]];
      continue;
    }
    const m = sessions[k].minA;
    let failed = -1;
    for (let j = consStart[k]; j < consStart[k + 1] && failed < 0; j++)
      if (st.slack[consIdx[j]] - m * consW[j] < -FIT * consW[j]) failed = j;
    if (failed >= 0) {
      pausedAt[k] = consIdx[failed] >> 2;
      pausedBy[k] = consIdx[failed];
      pausedLeft[k] = st.slack[consIdx[failed]];
      continue;
    }
    for (let j = consStart[k]; j < consStart[k + 1]; j++) st.slack[consIdx[j]] -= m * consW[j];
    st.level[k] = m;
  }
}

/** Rule 4: admitted sessions with EV needs are raised toward min(requiredA, demandA, maxA), in allocation order. */
function raiseToNeeds(st: FillState, admitted: readonly number[]): void {
  const { sessions, consStart, consIdx, consW } = st.layout;
  for (const k of admitted) {
    const s = sessions[k];
    const goal = Math.min(s.requiredA ?? 0, s.demandA, s.maxA);
    if (goal <= st.level[k]) continue;
    let room = goal - st.level[k];
    for (let j = consStart[k]; j < consStart[k + 1]; j++) room = Math.min(room, st.slack[consIdx[j]] / consW[j]);
    if (room <= EPS_SLACK) continue;
    for (let j = consStart[k]; j < consStart[k + 1]; j++) st.slack[consIdx[j]] -= room * consW[j];
    st.level[k] += room;
  }
}

/** Admitted sessions grouped by priority, highest first (allocation order already sorts by it). */
function tiers(st: FillState, admitted: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const k of admitted) {
    const last = out[out.length - 1];
    if (last && st.layout.sessions[last[0]].priority === st.layout.sessions[k].priority) last.push(k);
    else out.push([k]);
  }
  return out;
}

/**
 * Decides every session's current limit on one site (design "Allocation semantics" 1–7): effective
 * limits, minimums in priority order (pause when they do not fit), EV needs, max-min fair filling
 * toward demand tier by tier, then the surplus toward maxA; rounded down to 0.1 A. Pure and
 * deterministic: the input order changes nothing. Throws an EnergyInputError naming a bad item.
 */
export function allocate(input: AllocationInput): AllocationResult {
  validateAllocationInput(input);
  const tree = buildSiteTree(input.nodes, input.externalLimits, input.settings, input.now);
  const n = tree.ids.length;
  const base = baseLoads(tree, input);
  const cap = capacities(tree, base);
  const over = new Uint8Array(n);
  for (let c = 0; c < cap.length; c++) if (cap[c] < -EPS_SLACK) over[c >> 2] = 1;
  const overAt = new Int32Array(n).fill(-1);
  for (const i of tree.topo) overAt[i] = over[i] ? i : tree.parent[i] >= 0 ? overAt[tree.parent[i]] : -1;

  const layout = layoutSessions(input.sessions, tree, cap);
  const { sessions } = layout;
  const s = sessions.length;
  const st = createFillState(layout, cap);
  const pausedAt = new Int32Array(s).fill(-1);
  const pausedBy = new Int32Array(s).fill(-1);
  const pausedLeft = new Float64Array(s);
  admitMinimums(st, overAt, pausedAt, pausedBy, pausedLeft);
  const admitted: number[] = [];
  for (let k = 0; k < s; k++) if (pausedAt[k] < 0) admitted.push(k);
  raiseToNeeds(st, admitted);

  const demand = Float64Array.from(sessions, (x) => Math.min(x.demandA, x.maxA));
  const max = Float64Array.from(sessions, (x) => x.maxA);
  const byTier = tiers(st, admitted);
  for (const tier of byTier) progressiveFill(st, tier, demand);
  const cappedBy = Int32Array.from(st.limitedBy);
  for (const tier of byTier) progressiveFill(st, tier, max);

  const own = new Float64Array(3 * n);
  const results: SessionAllocation[] = new Array<SessionAllocation>(s);
  for (let k = 0; k < s; k++) {
    const x = sessions[k];
    const head = { sessionId: x.sessionId, phases: layout.phases[k] };
    if (pausedAt[k] >= 0) {
      const nodeId = tree.ids[pausedAt[k]];
      const reason =
        pausedBy[k] < 0
          ? reasons.overcommitted(nodeId)
          : reasons.minimumDoesNotFit(x.minA, nodeId, pausedBy[k], leftOn(pausedBy[k], pausedLeft[k], input.settings.voltageV));
      results[layout.inputIndex[k]] = { ...head, limitA: 0, status: 'Paused', limitingNodeId: nodeId, reason };
      continue;
    }
    const limitA = Math.max(x.minA, floorTenth(st.level[k]));
    for (const q of x.gridPhases) own[3 * layout.node[k] + q] += limitA;
    const note = needsNote(x.requiredA, limitA);
    if (st.level[k] >= demand[k] - 1e-6) {
      results[layout.inputIndex[k]] = { ...head, limitA, status: 'Satisfied', reason: reasons.satisfied(limitA, demand[k]) + note };
    } else {
      const c = cappedBy[k];
      const nodeId = c >= 0 ? tree.ids[c >> 2] : undefined;
      const limiting = nodeId === undefined ? undefined : constraintName(nodeId, c);
      results[layout.inputIndex[k]] = {
        ...head,
        limitA,
        status: 'Capped',
        ...(nodeId === undefined ? {} : { limitingNodeId: nodeId }),
        reason: reasons.capped(limitA, demand[k], limiting) + note,
      };
    }
  }
  accumulateSubtrees(tree, own);
  return { sessions: results, nodes: nodeLoads(tree, input, base, own), overcommitted: tree.ids.filter((_, i) => over[i]) };
}

function nodeLoads(tree: SiteTree, input: AllocationInput, base: Float64Array, own: Float64Array): NodeLoad[] {
  const kw = input.settings.voltageV / 1000;
  return input.nodes.map((node) => {
    const i = tree.index.get(node.id)!;
    const plannedA = [0, 1, 2].map((q) => micro(base[3 * i + q] + own[3 * i + q])) as unknown as PhaseCurrents;
    const load: NodeLoad = { nodeId: node.id, plannedA, plannedKw: micro((plannedA[0] + plannedA[1] + plannedA[2]) * kw) };
    if (tree.hasLimitA[i]) load.effectiveLimitA = [0, 1, 2].map((q) => micro(tree.effA[3 * i + q])) as unknown as PhaseCurrents;
    if (tree.hasLimitKw[i]) load.effectiveLimitKw = micro(tree.effPhaseA[i] * kw);
    return load;
  });
}
