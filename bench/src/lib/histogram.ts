/**
 * A small log-bucketed latency histogram (1 % relative resolution), mergeable across processes:
 * load generators send `toJSON()` over IPC and the orchestrator merges them.
 */
const GROWTH = Math.log(1.01);
const MIN_MS = 0.001;

export interface HistogramJson {
  count: number;
  sum: number;
  max: number;
  buckets: [number, number][];
}

export class Histogram {
  count = 0;
  sum = 0;
  max = 0;
  private readonly buckets = new Map<number, number>();

  record(ms: number): void {
    const v = Math.max(ms, MIN_MS);
    const index = Math.floor(Math.log(v / MIN_MS) / GROWTH);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: HistogramJson | Histogram): this {
    const json = other instanceof Histogram ? other.toJSON() : other;
    for (const [index, n] of json.buckets) this.buckets.set(index, (this.buckets.get(index) ?? 0) + n);
    this.count += json.count;
    this.sum += json.sum;
    this.max = Math.max(this.max, json.max);
    return this;
  }

  /** Upper edge of the bucket holding the p-th percentile (0 < p ≤ 100), in ms. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index) ?? 0;
      if (seen >= rank) return Math.min(MIN_MS * Math.exp((index + 1) * GROWTH), this.max);
    }
    return this.max;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  toJSON(): HistogramJson {
    return { count: this.count, sum: this.sum, max: this.max, buckets: [...this.buckets.entries()] };
  }

  static from(json: HistogramJson): Histogram {
    return new Histogram().merge(json);
  }
}
