import fc from 'fast-check';
import type { AllocationInput, ExternalLimit, FixedDraw, LimitNode, PhaseCurrents, SessionDemand } from '../model';
import { PHASE_ROTATIONS, gridPhasesOf } from '../phase-rotation';

const NOW = 1_000;
const tenths = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: min * 10, max: max * 10 }).map((x) => x / 10);
/** `arb` with probability `share`, else undefined. */
const sometimes = <T>(arb: fc.Arbitrary<T>, share: number): fc.Arbitrary<T | undefined> =>
  fc.oneof(
    { arbitrary: arb, weight: Math.round(share * 100) },
    { arbitrary: fc.constant(undefined), weight: Math.round((1 - share) * 100) },
  );
/** Mostly roomy limits, some asymmetric per phase, a few tight ones (below one session's minimum). */
const phaseLimit: fc.Arbitrary<PhaseCurrents> = fc.oneof(
  { arbitrary: tenths(10, 100).map((a) => [a, a, a] as PhaseCurrents), weight: 6 },
  { arbitrary: fc.tuple(tenths(5, 100), tenths(5, 100), tenths(5, 100)), weight: 3 },
  { arbitrary: tenths(0, 12).map((a) => [a, a, a] as PhaseCurrents), weight: 1 },
);
const phasesArb = fc
  .tuple(fc.constantFrom(...PHASE_ROTATIONS, null), fc.constantFrom<1 | 2 | 3>(1, 3, 3, 2))
  .map(([rotation, phases]) => gridPhasesOf(rotation, phases));

const nodeSpec = fc.record({
  parent: fc.nat(),
  limitA: sometimes(phaseLimit, 0.6),
  limitKw: sometimes(tenths(2, 80), 0.3),
  unmanagedA: sometimes(fc.tuple(tenths(-5, 8), tenths(-5, 8), tenths(-5, 8)), 0.2),
});

/** A site tree of depth ≤ 4 (grid = depth 0) with mixed, sometimes asymmetric, current and power limits. */
export function treeArb(maxNodes: number): fc.Arbitrary<LimitNode[]> {
  return fc.array(nodeSpec, { minLength: 1, maxLength: maxNodes, size: 'max' }).map((specs) => {
    const depth: number[] = [];
    const nodes: LimitNode[] = specs.map((spec, i) => {
      let parent: number | null = null;
      if (i > 0) {
        const candidates = depth.map((d, j) => [d, j]).filter(([d]) => d < 4);
        parent = candidates[spec.parent % candidates.length][1];
      }
      depth.push(parent === null ? 0 : depth[parent] + 1);
      const node: LimitNode = {
        id: `n${i}`,
        parentId: parent === null ? null : `n${parent}`,
        kind: (['grid', 'circuit', 'station', 'evse', 'evse'] as const)[depth[i]],
        unmanagedA: spec.unmanagedA ?? [0, 0, 0],
      };
      if (spec.limitA) node.limitA = spec.limitA;
      if (spec.limitKw !== undefined) node.limitKw = spec.limitKw;
      return node;
    });
    return nodes;
  });
}

const sessionSpec = fc.record({
  node: fc.nat(),
  gridPhases: phasesArb,
  priority: fc.integer({ min: 0, max: 2 }),
  minA: fc.oneof(fc.constant(6), fc.constant(0), tenths(0, 10)),
  extra: tenths(0, 40),
  // Half demand their maximum (the usual case), the rest a share of it (under-use, or a demand above maxA).
  demandShare: fc.oneof(
    { arbitrary: fc.constant(1), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 120 }).map((x) => x / 100), weight: 1 },
  ),
  requiredA: sometimes(tenths(0, 45), 0.3),
  startedAt: fc.integer({ min: 0, max: 5 }),
});

const fixedSpec = fc.record({ node: fc.nat(), gridPhases: phasesArb, currentA: tenths(0, 16) });
const limitSpec = fc.record({
  node: fc.nat(),
  limitA: sometimes(phaseLimit, 0.6),
  limitKw: sometimes(tenths(2, 80), 0.4),
  validFrom: sometimes(fc.integer({ min: 0, max: 2 * NOW }), 0.5),
  validTo: sometimes(fc.integer({ min: 0, max: 2 * NOW }), 0.5),
});

/** A whole allocation input: a random tree, sessions anywhere in it, fixed draws, external limits around `now`. */
export function inputArb(sizes: { maxNodes: number; maxSessions: number }): fc.Arbitrary<AllocationInput> {
  return fc
    .record({
      nodes: treeArb(sizes.maxNodes),
      sessions: fc.array(sessionSpec, { maxLength: sizes.maxSessions, size: 'max' }),
      fixed: fc.array(fixedSpec, { maxLength: 3 }),
      limits: fc.array(limitSpec, { maxLength: 4 }),
      margin: fc.constantFrom(0, 0, 5, 10, 12.5),
      voltageV: fc.constantFrom(230, 230, 240),
    })
    .map(({ nodes, sessions, fixed, limits, margin, voltageV }) => {
      const at = (i: number): string => nodes[i % nodes.length].id;
      return {
        nodes,
        sessions: sessions.map((s, i): SessionDemand => ({
          sessionId: `s${i}`,
          nodeId: at(s.node),
          gridPhases: s.gridPhases,
          minA: s.minA,
          maxA: s.minA + s.extra,
          demandA: Math.round((s.minA + s.extra) * s.demandShare * 10) / 10,
          priority: s.priority,
          startedAt: s.startedAt,
          ...(s.requiredA === undefined ? {} : { requiredA: s.requiredA }),
        })),
        fixed: fixed.map((f, i): FixedDraw => ({
          id: `f${i}`,
          nodeId: at(f.node),
          gridPhases: f.gridPhases,
          currentA: f.currentA,
          reason: 'offline',
        })),
        externalLimits: limits.map((l): ExternalLimit => ({
          nodeId: at(l.node),
          ...(l.limitA ? { limitA: l.limitA } : {}),
          ...(l.limitKw === undefined ? {} : { limitKw: l.limitKw }),
          ...(l.validFrom === undefined ? {} : { validFrom: l.validFrom }),
          ...(l.validTo === undefined ? {} : { validTo: l.validTo }),
        })),
        settings: { safetyMarginPct: margin, voltageV },
        now: NOW,
      };
    });
}

/** The same input with nodes, sessions, fixed draws and external limits in another order (seeded, reproducible). */
export function shuffled(input: AllocationInput, seed: number): AllocationInput {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return {
    ...input,
    nodes: shuffle(input.nodes),
    sessions: shuffle(input.sessions),
    fixed: shuffle(input.fixed),
    externalLimits: shuffle(input.externalLimits),
  };
}
