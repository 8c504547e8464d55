/** A half-open time interval [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** Milliseconds of `interval` inside [start, end) (0 when they do not meet). */
export function overlapMs(interval: Interval, start: number, end: number): number {
  return Math.max(0, Math.min(interval.end, end) - Math.max(interval.start, start));
}

/** The union of intervals as sorted, disjoint intervals (touching ones are merged). */
export function unionOf(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** The parts of `from` that are not covered by `minus` (both may overlap themselves). */
export function subtract(from: Interval[], minus: Interval[]): Interval[] {
  const holes = unionOf(minus);
  const result: Interval[] = [];
  for (const piece of unionOf(from)) {
    let start = piece.start;
    for (const hole of holes) {
      if (hole.end <= start || hole.start >= piece.end) continue;
      if (hole.start > start) result.push({ start, end: hole.start });
      start = Math.max(start, hole.end);
      if (start >= piece.end) break;
    }
    if (start < piece.end) result.push({ start, end: piece.end });
  }
  return result;
}

/** Total milliseconds of the (disjoint) intervals inside [start, end). */
export function coveredMs(intervals: Interval[], start: number, end: number): number {
  return intervals.reduce((sum, interval) => sum + overlapMs(interval, start, end), 0);
}
