/** How often the scheduler looks for due CostUpdated: half the interval, within 0.5–5 s. */
export function costUpdateTickMs(intervalMs: number): number {
  return Math.min(5_000, Math.max(500, Math.floor(intervalMs / 2)));
}

/**
 * Which of the claimed sessions get a CostUpdated now: not one whose previous CostUpdated is still
 * in flight (a slow station never piles up calls), and at most `capacity` in flight in all.
 */
export function sessionsToSend<T extends { sessionId: string }>(
  claimed: readonly T[],
  inFlight: ReadonlySet<string>,
  maxInFlight: number,
): T[] {
  const room = Math.max(0, maxInFlight - inFlight.size);
  return claimed.filter((s) => !inFlight.has(s.sessionId)).slice(0, room);
}
