import { MinHeap } from './min-heap';
import { POWER, type SessionLayout } from './session-layout';

/** Events closer than this (A) happen together. */
const EPS_T = 1e-9;
/** A constraint with less slack than this per unit of weight (A) is saturated. */
export const EPS_SLACK = 1e-7;

/**
 * The mutable state the allocation passes share. `slack[c]` is constraint c's room at `tRef[c]`
 * (limit − unmanaged − fixed − what is allocated so far); while a fill runs, it shrinks at
 * `rate[c]` (the weight of the growing sessions under it) per ampere the water level rises.
 */
export interface FillState {
  layout: SessionLayout;
  level: Float64Array;
  slack: Float64Array;
  rate: Float64Array;
  tRef: Float64Array;
  stamp: Uint32Array;
  active: Uint8Array;
  joinT: Float64Array;
  joinLevel: Float64Array;
  /** Per session: the constraint that stopped it in the last fill; -1 when its target did. */
  limitedBy: Int32Array;
}

export function createFillState(layout: SessionLayout, cap: Float64Array): FillState {
  const s = layout.sessions.length;
  return {
    layout,
    level: new Float64Array(s),
    slack: Float64Array.from(cap),
    rate: new Float64Array(cap.length),
    tRef: new Float64Array(cap.length),
    stamp: new Uint32Array(cap.length),
    active: new Uint8Array(s),
    joinT: new Float64Array(s),
    joinLevel: new Float64Array(s),
    limitedBy: new Int32Array(s).fill(-1),
  };
}

/**
 * Max-min fair progressive filling (water filling with floors): a water level rises; every member
 * below it grows with it (equal amperes per phase), each from its current level (its floor), until
 * it reaches its target or a constraint on its path saturates, which freezes every growing session
 * under that constraint. Event driven: each step jumps to the nearest event (a floor reached, a
 * target reached, a constraint saturated: heaps keyed by the water level at which they happen),
 * so a fill costs O((S + C) log(S + C) + S × path) instead of O(S²).
 */
export function progressiveFill(st: FillState, members: readonly number[], target: Float64Array): void {
  const { level, slack, rate, tRef, stamp, active, joinT, joinLevel, limitedBy } = st;
  const { consStart, consIdx, consW, underStart, underList, mask } = st.layout;
  const pending: number[] = [];
  for (const k of members) {
    limitedBy[k] = -1;
    if (level[k] < target[k] - EPS_T) pending.push(k);
  }
  pending.sort((a, b) => level[a] - level[b] || a - b);
  const targets = new MinHeap();
  const saturations = new MinHeap();
  let t = 0;
  let next = 0;
  let activeCount = 0;

  const slackAt = (c: number): number => slack[c] - rate[c] * (t - tRef[c]);
  const addRate = (c: number, delta: number): void => {
    slack[c] = slackAt(c);
    tRef[c] = t;
    rate[c] += delta;
    stamp[c]++;
    if (rate[c] > 0.5) saturations.push(t + slack[c] / rate[c], c, stamp[c]);
  };
  const freeze = (k: number, by: number): void => {
    level[k] = joinLevel[k] + (t - joinT[k]);
    active[k] = 0;
    activeCount--;
    limitedBy[k] = by;
    for (let j = consStart[k]; j < consStart[k + 1]; j++) addRate(consIdx[j], -consW[j]);
  };
  const activate = (k: number): void => {
    for (let j = consStart[k]; j < consStart[k + 1]; j++) {
      if (slackAt(consIdx[j]) <= EPS_SLACK * consW[j]) {
        limitedBy[k] = consIdx[j];
        return;
      }
    }
    active[k] = 1;
    activeCount++;
    joinT[k] = t;
    joinLevel[k] = level[k];
    for (let j = consStart[k]; j < consStart[k + 1]; j++) addRate(consIdx[j], consW[j]);
    targets.push(t + target[k] - level[k], k);
  };
  const saturate = (c: number): void => {
    const node = c >> 2;
    const q = c & 3;
    for (let u = underStart[node]; u < underStart[node + 1]; u++) {
      const k = underList[u];
      if (active[k] && (q === POWER || mask[k] & (1 << q))) freeze(k, c);
    }
  };

  for (;;) {
    while (next < pending.length && level[pending[next]] <= t + EPS_T) activate(pending[next++]);
    if (activeCount === 0) {
      if (next >= pending.length) return;
      t = level[pending[next]];
      continue;
    }
    while (saturations.size && saturations.peekStamp() !== stamp[saturations.peekItem()]) saturations.pop();
    while (targets.size && !active[targets.peekItem()]) targets.pop();
    const floor = next < pending.length ? level[pending[next]] : Infinity;
    t = Math.max(t, Math.min(floor, targets.peekKey(), saturations.peekKey()));
    while (saturations.size && saturations.peekKey() <= t + EPS_T) {
      const c = saturations.peekItem();
      const current = saturations.peekStamp() === stamp[c];
      saturations.pop();
      if (current) saturate(c);
    }
    while (targets.size && targets.peekKey() <= t + EPS_T) {
      const k = targets.peekItem();
      targets.pop();
      if (active[k]) freeze(k, -1);
    }
  }
}
