import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('is empty at first', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.percentile(99)).toBe(0);
  });

  it.each([
    [50, 500],
    [95, 950],
    [99, 990],
    [100, 1000],
  ])('p%d of 1..1000 ms is %d ms within 2 %%', (p, expected) => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 1000; v++) h.record(v);
    expect(Math.abs(h.percentile(p) - expected) / expected).toBeLessThan(0.02);
  });

  it('finds the tail of a skewed distribution', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 990; i++) h.record(2);
    for (let i = 0; i < 10; i++) h.record(250);
    expect(h.percentile(50)).toBeCloseTo(2, 1);
    expect(h.percentile(99)).toBeCloseTo(2, 1);
    expect(h.percentile(99.5)).toBeGreaterThan(240);
    expect(h.max).toBe(250);
    expect(h.mean).toBeCloseTo(4.48, 2);
  });

  it('handles sub-millisecond and very large values and resets', () => {
    const h = new LatencyHistogram();
    h.record(0.05);
    h.record(60_000);
    expect(h.percentile(50)).toBeLessThan(0.06);
    expect(h.percentile(100)).toBe(60_000);
    h.reset();
    expect(h.count).toBe(0);
  });
});
