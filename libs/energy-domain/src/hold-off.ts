export interface HoldOffInput {
  /** The limit the session was last allocated, A per phase (undefined: none yet; 0: paused). */
  limitA: number | undefined;
  /** Its latest measured draw on its most loaded phase, A (undefined: nothing measured yet). */
  measuredA: number | undefined;
  /** When it began to draw less than its limit minus the headroom, epoch ms (undefined: it does not). */
  underUseSince: number | undefined;
  now: number;
  holdOffMs: number;
  headroomA: number;
  maxA: number;
}

export interface HoldOffState {
  /** What the allocator should assume it would draw: SessionDemand.demandA. */
  demandA: number;
  /** The under-use start to store (undefined: clear it). */
  underUseSince: number | undefined;
}

/**
 * The hold-off rule for capacity a session does not use. Its demand is maxA until it has drawn less
 * than (limit − headroom) for `holdOffMs`; then it is measured + headroom, so what it leaves is
 * shared with others. As soon as it draws into its headroom again it reclaims: demand back to maxA.
 * - Before the hold-off ends, under-use ends when the draw reaches limit − headroom.
 * - After it (demand lowered), the reclaim threshold is limit − headroom / 2: a steady draw at the
 *   lowered limit (= measured + headroom) then stays below it, instead of reclaiming on the next
 *   plan and giving away again one hold-off later (an oscillation with period holdOffMs).
 * - No limit yet, paused (limit 0) or nothing measured: demand maxA, no under-use.
 */
export function nextDemand(input: HoldOffInput): HoldOffState {
  const { limitA, measuredA, underUseSince, now, holdOffMs, headroomA, maxA } = input;
  if (limitA === undefined || limitA <= 0 || measuredA === undefined) return { demandA: maxA, underUseSince: undefined };
  const lowered = underUseSince !== undefined && now - underUseSince >= holdOffMs;
  const reclaimAt = limitA - (lowered ? headroomA / 2 : headroomA);
  if (measuredA >= reclaimAt) return { demandA: maxA, underUseSince: undefined };
  const since = underUseSince ?? now;
  if (now - since < holdOffMs) return { demandA: maxA, underUseSince: since };
  return { demandA: Math.min(maxA, Math.max(0, measuredA) + headroomA), underUseSince: since };
}
