/**
 * Scenario 6's inputs: one site shaped like a large car park — grid → circuits → stations → 4 EVSEs
 * each, a session on (almost) every EVSE — mixed 1/3-phase vehicles and phase rotations, mixed
 * priorities, some vehicles under-using their share, some with ISO 15118 needs, unmanaged load, a
 * grid power limit, a DSO limit in force, a safety margin and a few flagged stations' fixed draws.
 * Seeded: the same size always gives the same site.
 */
import {
  PHASE_ROTATIONS,
  gridPhasesOf,
  type AllocationInput,
  type FixedDraw,
  type LimitNode,
  type PhaseCurrents,
  type SessionDemand,
} from '@voltlane/energy-domain';

const EVSES_PER_STATION = 4;
const STATIONS_PER_CIRCUIT = 25;
/** Feeders of 25 stations (4 × 32 A each, 63 A per station): rated below their stations' sum, as sites are. */
const CIRCUIT_RATINGS = [1250, 1000, 800, 1250, 630];
const all = (a: number): PhaseCurrents => [a, a, a];

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export function allocationSite(sessions: number, seed = 6): AllocationInput {
  const rnd = random(seed + sessions);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const stations = Math.ceil(sessions / EVSES_PER_STATION);
  const circuits = Math.ceil(stations / STATIONS_PER_CIRCUIT);
  const circuitRatings = Array.from({ length: circuits }, (_, c) => CIRCUIT_RATINGS[c % CIRCUIT_RATINGS.length]);
  // The grid connection is smaller than its circuits together, and its power limit smaller still.
  const gridA = Math.round(circuitRatings.reduce((a, b) => a + b, 0) * 0.8);
  const nodes: LimitNode[] = [
    {
      id: 'grid',
      parentId: null,
      kind: 'grid',
      limitA: all(gridA),
      limitKw: Math.round((gridA * 230 * 3 * 0.9) / 1000),
      unmanagedA: [Math.round(gridA * 0.05), Math.round(gridA * 0.03), Math.round(gridA * 0.04)],
    },
  ];
  circuitRatings.forEach((rating, c) =>
    nodes.push({ id: `c${c}`, parentId: 'grid', kind: 'circuit', limitA: all(rating), unmanagedA: c % 3 === 0 ? [20, 0, 0] : [0, 0, 0] }),
  );
  const rotation = new Map<string, (typeof PHASE_ROTATIONS)[number]>();
  for (let s = 0; s < stations; s++) {
    const id = `st${s}`;
    nodes.push({ id, parentId: `c${Math.floor(s / STATIONS_PER_CIRCUIT)}`, kind: 'station', limitA: all(63), unmanagedA: [0, 0, 0] });
    rotation.set(id, pick(PHASE_ROTATIONS));
    for (let e = 1; e <= EVSES_PER_STATION; e++)
      nodes.push({ id: `${id}-e${e}`, parentId: id, kind: 'evse', limitA: all(32), unmanagedA: [0, 0, 0] });
  }
  const fixed: FixedDraw[] = [];
  const list: SessionDemand[] = [];
  for (let i = 0; i < sessions; i++) {
    const station = `st${Math.floor(i / EVSES_PER_STATION)}`;
    const nodeId = `${station}-e${(i % EVSES_PER_STATION) + 1}`;
    const gridPhases = gridPhasesOf(rotation.get(station)!, rnd() < 0.3 ? 1 : 3);
    // A few stations reject profiles: their sessions are fixed draws at their maximum.
    if (i % 50 === 7) {
      fixed.push({ id: `flagged-${i}`, nodeId, gridPhases, currentA: 16, reason: 'flagged' });
      continue;
    }
    const maxA = pick([16, 32, 32]);
    const underUses = rnd() < 0.3;
    const r = rnd();
    list.push({
      sessionId: `s${String(i).padStart(5, '0')}`,
      nodeId,
      gridPhases,
      minA: 6,
      maxA,
      demandA: underUses ? Math.min(maxA, Math.round(rnd() * 100) / 10 + 2) : maxA,
      priority: r < 0.05 ? 2 : r < 0.2 ? 1 : 0,
      startedAt: 1_700_000_000_000 + Math.floor(rnd() * 3_600_000),
      ...(rnd() < 0.1 ? { requiredA: Math.round(rnd() * 200) / 10 + 6 } : {}),
    });
  }
  return {
    nodes,
    sessions: list,
    fixed,
    externalLimits: [{ nodeId: 'grid', limitA: all(Math.round(gridA * 0.9)), validFrom: 0, validTo: 2_000_000_000_000 }],
    settings: { safetyMarginPct: 5, voltageV: 230 },
    now: 1_700_000_000_000,
  };
}
