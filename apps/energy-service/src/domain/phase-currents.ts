import type { MeteringSample } from '@voltlane/contracts';

/** The latest per-phase `Current.Import` at the outlet of one transaction's samples, A (undefined: not sampled). */
export type MeasuredPhases = [number | undefined, number | undefined, number | undefined];

/** A phase draws when it carries more than this, A. */
const DRAWING_A = 1;

const PHASE_INDEX: Record<string, 0 | 1 | 2> = { L1: 0, L2: 1, L3: 2, 'L1-N': 0, 'L2-N': 1, 'L3-N': 2 };

/**
 * Per-phase Current.Import (location Outlet or absent, unit A) of a batch of samples, the latest
 * value per phase; undefined when the batch has none. Samples without a phase (a total) are not per phase: ignored.
 */
export function measuredPhases(samples: readonly MeteringSample[]): { currents: MeasuredPhases; at: number } | undefined {
  const latest: (MeteringSample | undefined)[] = [undefined, undefined, undefined];
  for (const sample of samples) {
    if (sample.measurand !== 'Current.Import' || sample.unit !== 'A' || sample.value === null) continue;
    if (sample.location && sample.location !== 'Outlet') continue;
    const index = sample.phase === undefined ? undefined : PHASE_INDEX[sample.phase];
    if (index === undefined) continue;
    const known = latest[index];
    if (!known || Date.parse(sample.timestamp) >= Date.parse(known.timestamp)) latest[index] = sample;
  }
  const present = latest.filter((s): s is MeteringSample => s !== undefined);
  if (present.length === 0) return undefined;
  return {
    currents: latest.map((s) => (s ? Number(s.value) : undefined)) as MeasuredPhases,
    at: Math.max(...present.map((s) => Date.parse(s.timestamp))),
  };
}

/** The vehicle's phases learnt from one measurement: 1 when one phase draws, 3 when more do; undefined when none draws. */
export function drawingPhases(currents: MeasuredPhases): 1 | 3 | undefined {
  const drawing = currents.filter((c) => c !== undefined && c > DRAWING_A).length;
  return drawing === 0 ? undefined : drawing === 1 ? 1 : 3;
}
