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
        const delta = value - (last.get(key) ?? 0);
        if (delta > 0) this.inc(labels, delta);
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
