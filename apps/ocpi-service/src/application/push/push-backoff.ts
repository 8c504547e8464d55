/** The retry window of failed pushes (OCPI_SERVICE_RETRY_MIN_MS … OCPI_SERVICE_RETRY_MAX_MS). */
export interface RetryWindow {
  retryMinMs: number;
  retryMaxMs: number;
}

/**
 * How long a push waits after its `attempts`-th failed attempt (1 = the first): exponential,
 * `min · 2^(attempts-1)` capped at `max`, with "equal jitter" (a random point in the upper half
 * of that bound) so that the pushes of a partner that was down do not all come back at once; never
 * below `min` nor above `max`.
 */
export function retryDelayMs(attempts: number, window: RetryWindow, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempts - 1), 52);
  const bound = Math.min(window.retryMaxMs, window.retryMinMs * 2 ** exponent);
  const jittered = bound / 2 + (bound / 2) * random();
  return Math.round(Math.min(window.retryMaxMs, Math.max(window.retryMinMs, jittered)));
}
