import fc from 'fast-check';
import { allocate } from './allocate';
import type { AllocationInput, AllocationResult, SessionAllocation } from './model';
import { inputArb, shuffled } from './testing/allocation-arbitraries';
import { excess, minimumFits, oracleOf, referenceLevels, type Oracle } from './testing/allocation-oracle';

const TOL = 1e-6;
const RUNS = { seed: 2020, numRuns: 300 };
const small = inputArb({ maxNodes: 12, maxSessions: 25 });

function limitsOf(result: AllocationResult): Map<string, number> {
  return new Map(result.sessions.map((s) => [s.sessionId, s.limitA]));
}

/** Sessions drawing under `nodeId` (not paused), each with the phases it draws on. */
function drawingUnder(o: Oracle, result: AllocationResult, nodeId: string): { phases: readonly number[] }[] {
  const status = new Map(result.sessions.map((s) => [s.sessionId, s.status]));
  return o.input.sessions
    .filter((s) => status.get(s.sessionId) !== 'Paused' && o.path(s.nodeId).includes(nodeId))
    .map((s) => ({ phases: s.gridPhases }));
}

describe('allocate: properties over random sites (fast-check)', () => {
  it('(a) no node exceeds its effective per-phase or power limit unless overcommitted, and then all under it are paused', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = allocate(input);
        const o = oracleOf(input);
        const limits = limitsOf(result);
        const over = new Set(result.overcommitted);
        for (const node of input.nodes) {
          const e = excess(o, node.id, limits);
          const baseOnly = excess(o, node.id, new Map());
          const baseExceeds = baseOnly.phase.some((x) => x > TOL) || baseOnly.kw > TOL;
          expect({ node: node.id, overcommitted: over.has(node.id) }).toEqual({ node: node.id, overcommitted: baseExceeds });
          if (over.has(node.id)) {
            const under = result.sessions.filter((s) =>
              o.path(input.sessions.find((x) => x.sessionId === s.sessionId)!.nodeId).includes(node.id),
            );
            expect(under.filter((s) => s.status !== 'Paused')).toEqual([]);
          } else {
            expect({ node: node.id, phase: e.phase.map((x) => x <= TOL), kw: e.kw <= TOL }).toEqual({
              node: node.id,
              phase: [true, true, true],
              kw: true,
            });
          }
        }
        // The reported node loads are the same sums.
        for (const load of result.nodes) {
          const e = excess(o, load.nodeId, limits);
          const eff = o.effA.get(load.nodeId)!;
          e.phase.forEach((x, q) => {
            if (Number.isFinite(eff[q])) expect(Math.abs(load.plannedA[q] - (x + eff[q]))).toBeLessThan(1e-5);
          });
        }
      }),
      RUNS,
    );
  });

  it('(b) every session is paused at 0 or within [minA, maxA], on a 0.1 A step (or at its minimum)', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = allocate(input);
        result.sessions.forEach((r: SessionAllocation, i) => {
          const s = input.sessions[i];
          expect(r.sessionId).toBe(s.sessionId);
          if (r.status === 'Paused') expect(r.limitA).toBe(0);
          else {
            expect(r.limitA).toBeGreaterThanOrEqual(s.minA - 1e-9);
            expect(r.limitA).toBeLessThanOrEqual(s.maxA + 1e-9);
            expect(r.limitA === s.minA || Math.abs(r.limitA * 10 - Math.round(r.limitA * 10)) < 1e-9).toBe(true);
          }
          expect(r.phases).toBe(s.gridPhases.length);
        });
      }),
      RUNS,
    );
  });

  it('(c) a session is paused exactly when its minimum does not fit with the sessions before it at theirs (or it is under an overcommitted node)', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = allocate(input);
        const o = oracleOf(input);
        const paused = new Set(result.sessions.filter((s) => s.status === 'Paused').map((s) => s.sessionId));
        const over = new Set(result.overcommitted);
        const admitted: typeof o.ordered = [];
        for (const s of o.ordered) {
          if (o.path(s.nodeId).some((id) => over.has(id))) expect(paused.has(s.sessionId)).toBe(true);
          else if (paused.has(s.sessionId))
            expect({ session: s.sessionId, fits: minimumFits(o, s, admitted, -TOL) }).toEqual({ session: s.sessionId, fits: false });
          else {
            expect({ session: s.sessionId, fits: minimumFits(o, s, admitted, TOL) }).toEqual({ session: s.sessionId, fits: true });
            admitted.push(s);
          }
        }
      }),
      RUNS,
    );
  });

  it('(d) work conservation: a Capped session has a saturated limit on its path at the node it names; Satisfied ones got their demand', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = allocate(input);
        const o = oracleOf(input);
        const limits = limitsOf(result);
        const V = input.settings.voltageV;
        result.sessions.forEach((r, i) => {
          const s = input.sessions[i];
          const demand = Math.min(s.demandA, s.maxA);
          if (r.status === 'Satisfied') expect(r.limitA).toBeGreaterThanOrEqual(Math.floor(demand * 10 + 1e-9) / 10 - 1e-9);
          if (r.status !== 'Capped') return;
          expect(r.limitA).toBeLessThan(demand);
          expect(o.path(s.nodeId)).toContain(r.limitingNodeId);
          const node = r.limitingNodeId!;
          const e = excess(o, node, limits);
          const drawing = drawingUnder(o, result, node);
          const phaseSaturated = s.gridPhases.some((q) => -e.phase[q] <= 0.1 * drawing.filter((d) => d.phases.includes(q)).length + TOL);
          const powerSaturated = -e.kw <= (0.1 * drawing.reduce((n, d) => n + d.phases.length, 0) * V) / 1000 + TOL;
          expect({ session: s.sessionId, node, saturated: phaseSaturated || powerSaturated }).toEqual({
            session: s.sessionId,
            node,
            saturated: true,
          });
        });
      }),
      RUNS,
    );
  });

  it('(e) determinism: any order of nodes, sessions, fixed draws and limits gives the same result per session and node', () => {
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (input, seed) => {
        const a = allocate(input);
        const b = allocate(shuffled(input, seed));
        const sessions = (r: AllocationResult) => new Map(r.sessions.map((s) => [s.sessionId, s]));
        const nodes = (r: AllocationResult) => new Map(r.nodes.map((n) => [n.nodeId, n]));
        expect(sessions(b)).toEqual(sessions(a));
        expect(nodes(b)).toEqual(nodes(a));
        expect(b.overcommitted).toEqual(a.overcommitted);
      }),
      RUNS,
    );
  });

  it('(f) the event-driven filling agrees with a plain-loop reference allocator (within one 0.1 A rounding step)', () => {
    const check = (input: AllocationInput): void => {
      const reference = referenceLevels(input);
      for (const r of allocate(input).sessions) {
        const s = input.sessions.find((x) => x.sessionId === r.sessionId)!;
        const level = reference.get(r.sessionId)!;
        const expected = level === 0 && r.status === 'Paused' ? 0 : Math.max(s.minA, Math.floor(level * 10 + 1e-9) / 10);
        // Equal, except where the reference level sits on a 0.1 A step and float noise may round either way.
        const onStep = Math.abs(level * 10 - Math.round(level * 10)) < 1e-6;
        const agrees = onStep ? Math.abs(r.limitA - expected) <= 0.1 + 1e-9 : Math.abs(r.limitA - expected) < 1e-9;
        expect({ session: r.sessionId, limitA: r.limitA, expected, agrees }).toEqual({
          session: r.sessionId,
          limitA: r.limitA,
          expected,
          agrees: true,
        });
      }
    };
    fc.assert(fc.property(small, check), RUNS);
    fc.assert(fc.property(inputArb({ maxNodes: 40, maxSessions: 120 }), check), { seed: 2021, numRuns: 25 });
  });
});
