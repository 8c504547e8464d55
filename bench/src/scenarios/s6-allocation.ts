/**
 * Scenario 6: the load-management allocator (libs/energy-domain `allocate`), in process, no servers.
 * Times allocate() on one site of N sessions (grid → circuits → stations → 4 EVSEs) after a
 * warm-up, and compares, on the same inputs, the naive equal split of the grid rating an operator
 * might otherwise configure: its time, and how many node limits it breaks.
 */
import { allocate, type AllocationInput } from '@voltlane/energy-domain';
import { round } from '../lib/proc';
import { fmt, type ScenarioResult } from '../lib/result';
import { allocationSite } from './s6/allocation-site';
import { checkLimits, naiveEqualSplit, type LimitCheck } from './s6/naive-split';

export interface AllocationOptions {
  /** Session counts (default 100, 1000, 5000; quick 100, 1000). */
  sizes: number[];
  /** Timed calls per size (after the warm-up). */
  repetitions: (sessions: number) => number;
  warmup: number;
}

const TARGET_SESSIONS = 1_000;
const TARGET_MS = 50;

interface Timing {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

function time(run: () => unknown, warmup: number, repetitions: number): Timing {
  for (let i = 0; i < warmup; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number): number => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  return {
    p50: round(at(50), 3),
    p99: round(at(99), 3),
    max: round(samples[samples.length - 1], 3),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length, 3),
  };
}

interface SizeResult {
  sessions: number;
  nodes: number;
  repetitions: number;
  allocate: Timing;
  naive: Timing;
  allocateCheck: LimitCheck & { paused: number; capped: number; satisfied: number };
  naiveCheck: LimitCheck;
}

function measureSize(input: AllocationInput, options: AllocationOptions): SizeResult {
  const repetitions = options.repetitions(input.sessions.length);
  const result = allocate(input);
  const count = (status: string): number => result.sessions.filter((s) => s.status === status).length;
  const allocateCheck = {
    ...checkLimits(input, new Map(result.sessions.map((s) => [s.sessionId, s.limitA]))),
    paused: count('Paused'),
    capped: count('Capped'),
    satisfied: count('Satisfied'),
  };
  return {
    sessions: input.sessions.length + input.fixed.length,
    nodes: input.nodes.length,
    repetitions,
    allocate: time(() => allocate(input), options.warmup, repetitions),
    naive: time(() => naiveEqualSplit(input), options.warmup, repetitions),
    allocateCheck,
    naiveCheck: checkLimits(input, naiveEqualSplit(input)),
  };
}

export function allocationScenario(options: AllocationOptions): Promise<ScenarioResult> {
  const sizes = options.sizes.map((n) => measureSize(allocationSite(n), options));
  const target = sizes.find((s) => s.sessions === TARGET_SESSIONS);
  return Promise.resolve({
    id: 6,
    title: `Load-management allocation (pure allocator in process; ${sizes.map((s) => fmt(s.sessions, 0)).join(', ')} connectors on one site)`,
    figures: [
      ...(target
        ? [
            {
              name: `allocate() with ${fmt(TARGET_SESSIONS, 0)} connectors on one site, p99`,
              value: target.allocate.p99,
              unit: 'ms',
              target: `≤ ${TARGET_MS} ms`,
              met: target.allocate.p99 <= TARGET_MS,
            },
            {
              name: `allocate() with ${fmt(TARGET_SESSIONS, 0)} connectors, p50 / max`,
              value: `${target.allocate.p50} / ${target.allocate.max}`,
              unit: 'ms',
            },
          ]
        : []),
      {
        name: 'node limits exceeded by allocate() (all sizes)',
        value: sizes.reduce((n, s) => n + s.allocateCheck.violatedNodes, 0),
        target: '0',
        met: sizes.every((s) => s.allocateCheck.violatedNodes === 0),
      },
      {
        name: 'node limits exceeded by the naive equal split (all sizes)',
        value: sizes.reduce((n, s) => n + s.naiveCheck.violatedNodes, 0),
      },
    ],
    tables: [
      {
        title: 'allocate() vs the naive equal split of the grid rating, same inputs (times in ms)',
        columns: [
          'connectors',
          'nodes',
          'runs',
          'allocate p50',
          'allocate p99',
          'allocate max',
          'naive p50',
          'naive p99',
          'allocate: nodes over limit',
          'naive: nodes over limit',
          'naive: worst excess A',
          'naive: sessions below 6 A',
          'allocate: paused / capped / satisfied',
          'allocated A (allocate / naive)',
        ],
        rows: sizes.map((s) => [
          s.sessions,
          s.nodes,
          s.repetitions,
          s.allocate.p50,
          s.allocate.p99,
          s.allocate.max,
          s.naive.p50,
          s.naive.p99,
          s.allocateCheck.violatedNodes,
          s.naiveCheck.violatedNodes,
          s.naiveCheck.worstExcessA,
          s.naiveCheck.belowMinimum,
          `${s.allocateCheck.paused} / ${s.allocateCheck.capped} / ${s.allocateCheck.satisfied}`,
          `${s.allocateCheck.allocatedA} / ${s.naiveCheck.allocatedA}`,
        ]),
      },
    ],
    notes: [
      'Site: grid (80 % of its circuits’ ratings, a power limit at 90 % of that, a DSO limit at 90 % in force, 3–5 % unmanaged load) → circuits of 25 stations (1250/1000/800/1250/630 A) → stations (63 A) → 4 EVSEs (32 A). ' +
        'Sessions: 30 % 1-phase, random phase rotations, priorities 0/1/2 (80/15/5 %), 30 % under-using (demand = measured + 2 A), 10 % with ISO 15118 needs, every 50th on a flagged station (a fixed draw); safety margin 5 %.',
      `Each size: ${options.warmup} warm-up calls, then timed calls one after the other in this process (performance.now()); the connector count includes the fixed draws.`,
      'Naive baseline: every session gets the grid’s static rating / number of sessions (capped at its maximum), with no tree, phases, unmanaged load, external limit, margin or minimum; checked against the same limits in force as allocate().',
    ],
    raw: { sizes },
  });
}
