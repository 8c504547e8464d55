/**
 * Reconnect delay for attempt `attempt` (0-based): the ceiling doubles from `minMs` up to
 * `maxMs`, and the delay is drawn uniformly between `minMs` and that ceiling (jitter), so a
 * fleet that dropped together comes back spread out, never sooner than `minMs`.
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: number): number {
  const ceiling = Math.min(maxMs, minMs * Math.pow(2, Math.min(attempt, 30)));
  return Math.round(minMs + (ceiling - minMs) * Math.min(1, Math.max(0, random)));
}
