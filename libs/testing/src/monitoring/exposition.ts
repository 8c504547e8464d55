/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape: the metric families it declares (`# TYPE`) and its samples. */
export interface Exposition {
  /** Declared family name → type (counter, gauge, histogram, summary, untyped). */
  declared: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the Prometheus text format (what prom-client serves at /metrics). */
export function parseExposition(text: string): Exposition {
  const declared = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      declared.set(name, type);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { declared, samples };
}

/** The samples named `name` whose labels include `labels`. */
export function samplesOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The sum of the samples named `name` whose labels include `labels` (undefined when there is none). */
export function sampleValue(exposition: Exposition | string, name: string, labels: Record<string, string> = {}): number | undefined {
  const parsed = typeof exposition === 'string' ? parseExposition(exposition) : exposition;
  const matching = samplesOf(parsed, name, labels);
  return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
}

/** Whether the scrape exports `name`: a declared family, or a histogram's `_bucket`/`_sum`/`_count` series. */
export function exportsMetric(exposition: Exposition, name: string): boolean {
  if (exposition.declared.has(name)) return true;
  const family = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
  return family !== undefined && ['histogram', 'summary'].includes(exposition.declared.get(family) ?? '');
}
