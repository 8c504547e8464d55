/**
 * Log-bucketed latency histogram: constant memory (a few hundred counters) whatever the number
 * of samples, relative error below `precision` (default 2 %). Values are milliseconds.
 */
export class LatencyHistogram {
  private readonly counts: number[] = [];
  private readonly logBase: number;
  private total = 0;
  private maxSeen = 0;
  private minSeen = Infinity;
  private sum = 0;

  constructor(
    private readonly precision = 0.02,
    private readonly floorMs = 0.01,
  ) {
    this.logBase = Math.log(1 + precision);
  }

  record(ms: number): void {
    const value = Math.max(this.floorMs, ms);
    const index = Math.floor(Math.log(value / this.floorMs) / this.logBase);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total++;
    this.sum += ms;
    if (ms > this.maxSeen) this.maxSeen = ms;
    if (ms < this.minSeen) this.minSeen = ms;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxSeen;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** The value below which `p` percent of the samples fall (0 when empty). */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) {
        // Midpoint of the bucket, clamped to what was actually observed.
        const lower = this.floorMs * Math.pow(1 + this.precision, i);
        const mid = lower * (1 + this.precision / 2);
        return Math.min(this.maxSeen, Math.max(this.minSeen, mid));
      }
    }
    return this.maxSeen;
  }

  reset(): void {
    this.counts.length = 0;
    this.total = 0;
    this.sum = 0;
    this.maxSeen = 0;
    this.minSeen = Infinity;
  }
}
