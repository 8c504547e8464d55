import { retryDelayMs } from './push-backoff';

const window = { retryMinMs: 1_000, retryMaxMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles per attempt up to the maximum, jittered in the upper half of the bound', () => {
    expect(retryDelayMs(1, window, () => 1)).toBe(1_000);
    expect(retryDelayMs(2, window, () => 1)).toBe(2_000);
    expect(retryDelayMs(3, window, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, window, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(7, window, () => 1)).toBe(60_000);
    expect(retryDelayMs(7, window, () => 0)).toBe(30_000);
    expect(retryDelayMs(1_000, window, () => 0.999)).toBeLessThanOrEqual(60_000);
  });

  it('never goes below the minimum nor above the maximum', () => {
    for (let attempts = 0; attempts < 40; attempts++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const delay = retryDelayMs(attempts, window, () => r);
        expect(delay).toBeGreaterThanOrEqual(1_000);
        expect(delay).toBeLessThanOrEqual(60_000);
      }
    }
    expect(retryDelayMs(5, { retryMinMs: 50, retryMaxMs: 50 }, Math.random)).toBe(50);
  });

  it('spreads retries of the same attempt (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(6, window)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
