import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry per app instance (several instances may share a test process), with process metrics. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Registers a metric whose values are read, by labels, on each scrape. */
type MetricFromReadings = (
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Iterable<[Record<string, string>, number]>,
) => void;

/**
 * A counter read from plain numbers the app already keeps (no work on the hot path): on each
 * scrape it advances by what the readings grew since the last scrape.
 */
export const counterFromReadings: MetricFromReadings = (registry, name, help, labelNames, read) => {
  const last = new Map<string, number>();
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect(this: Counter) {
      for (const [labels, value] of read()) {
        const key = JSON.stringify(labels);
        const previous = last.get(key);
        const delta = value - (previous ?? 0);
        // A series is exported from its first reading on, at 0 too: rate() and increase() then see
        // its first increment, and an alert on it has a series to evaluate.
        if (delta > 0 || previous === undefined) this.inc(labels, Math.max(delta, 0));
        last.set(key, value);
      }
    },
  });
};

/** A gauge set from a reading on each scrape. */
export const gaugeFromReadings: MetricFromReadings = (registry, name, help, labelNames, read) => {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect(this: Gauge) {
      this.reset();
      for (const [labels, value] of read()) this.set(labels, value);
    },
  });
};

/**
 * A gauge set on each scrape from a reading that needs I/O (a SQL count, a readiness check). A
 * reading that fails or takes longer than `timeoutMs` leaves the gauge without samples for that
 * scrape instead of failing the whole scrape: the other metrics still arrive.
 */
export function gaugeFromAsyncReadings(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<Iterable<[Record<string, string>, number]>>,
  timeoutMs = 2_000,
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect(this: Gauge) {
      this.reset();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
      try {
        const readings = await Promise.race([read().catch(() => undefined), expired]);
        for (const [labels, value] of readings ?? []) this.set(labels, value);
      } finally {
        clearTimeout(timer);
      }
    },
  });
}
