/**
 * The wait before retry `attempt` (1-based): exponential from `baseMs`, capped at `capMs`, with
 * full jitter (a uniform draw below the exponential bound), so consumers that failed together do
 * not retry together.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const bound = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(bound * random());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
