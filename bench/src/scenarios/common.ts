import type { Histogram } from '../lib/histogram';
import type { ProfileSummary } from '../lib/profile';
import type { Table } from '../lib/result';
import { round } from '../lib/proc';

export { ensureSuffixTopics } from '../lib/stack';

export function latency(h: Histogram): { p50: number; p95: number; p99: number; max: number; mean: number } {
  return {
    p50: round(h.percentile(50)),
    p95: round(h.percentile(95)),
    p99: round(h.percentile(99)),
    max: round(h.max),
    mean: round(h.mean),
  };
}

export const PER_PROCESS_CONNECTIONS = 18_000;

/** The report tables of one gateway CPU profile. */
export function profileTables(label: string, profile: ProfileSummary): Table[] {
  return [
    {
      title: `${label}: top self time (${profile.totalMs} ms busy)`,
      columns: ['function', 'where', 'self ms', '% busy'],
      rows: profile.top.slice(0, 15).map((t) => [t.fn, t.where, t.selfMs, t.percent]),
    },
    {
      title: `${label}: busy time by code area (native and node-core time charged to the calling library)`,
      columns: ['area', 'ms', '% busy'],
      rows: profile.attributed.slice(0, 12).map((a) => [a.area, a.ms, a.percent]),
    },
    {
      title: `${label}: inclusive time of Voltlane functions`,
      columns: ['function', 'where (compiled JS line)', 'ms', '% busy'],
      rows: profile.inclusive.slice(0, 15).map((t) => [t.fn, t.where, t.ms, t.percent]),
    },
  ];
}
