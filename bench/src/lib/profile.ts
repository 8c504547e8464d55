/** Summarizes a V8 .cpuprofile: top functions by self time and time per code area. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled time, idle excluded (percentages are of this busy time). */
  totalMs: number;
  idleMs: number;
  top: { fn: string; where: string; selfMs: number; percent: number }[];
  areas: { area: string; selfMs: number; percent: number }[];
  /** Self time of native / node-core frames charged to the nearest library or app frame that called them. */
  attributed: { area: string; ms: number; percent: number }[];
  /** Inclusive time of Voltlane's own functions (apps/*, libs/*): where the work is started. */
  inclusive: { fn: string; where: string; ms: number; percent: number }[];
}

const GENERIC = new Set(['(native)', 'node core', 'other', '(anonymous)']);

const AREAS: [RegExp, string][] = [
  [/apps\/ocpp-gateway\//, 'apps/ocpp-gateway'],
  [/libs\/ocpp\//, 'libs/ocpp'],
  [/libs\/messaging\//, 'libs/messaging'],
  [/libs\/telemetry\//, 'libs/telemetry'],
  [/libs\/contracts\//, 'libs/contracts'],
  [/libs\/security\//, 'libs/security'],
  [/node_modules\/ws\//, 'ws'],
  [/node_modules\/ajv/, 'ajv'],
  [/node_modules\/kafkajs\//, 'kafkajs'],
  [/node_modules\/ioredis\/|node_modules\/redis-parser/, 'ioredis'],
  [/node_modules\/pino|node_modules\/sonic-boom|thread-stream/, 'pino'],
  [/node_modules\/@opentelemetry\//, 'opentelemetry'],
  [/node_modules\/prom-client\//, 'prom-client'],
  [/node_modules\//, 'other node_modules'],
  [/^node:|internal\//, 'node core'],
];

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  for (const [re, name] of AREAS) if (re.test(url)) return name;
  return 'other';
}

function shortUrl(url: string): string {
  const i = url.search(/(apps|libs|node_modules)\//);
  return i >= 0 ? url.slice(i) : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(file: string, topN = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  let total = 0;
  let idle = 0;
  const fns = new Map<string, { fn: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const fn = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const entry = fns.get(key) ?? { fn, where, us: 0 };
    entry.us += us;
    fns.set(key, entry);
    const a = area(url, fn);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  // Parents, to charge native / core time to the caller and to sum inclusive time.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const attributed = new Map<string, number>();
  const inclusive = new Map<string, { fn: string; where: string; us: number }>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    let owner = area(node.callFrame.url, node.callFrame.functionName || '(anonymous)');
    const seen = new Set<string>();
    let cursor: number | undefined = id;
    while (cursor !== undefined) {
      const n = byId.get(cursor);
      if (!n) break;
      const a = area(n.callFrame.url, n.callFrame.functionName || '(anonymous)');
      if (GENERIC.has(owner) && !GENERIC.has(a) && !a.startsWith('(')) owner = a;
      if (/^(apps|libs)\//.test(a)) {
        const where = `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
        const key = `${n.callFrame.functionName}@${where}`;
        if (!seen.has(key)) {
          seen.add(key);
          const e = inclusive.get(key) ?? { fn: n.callFrame.functionName || '(anonymous)', where, us: 0 };
          e.us += us;
          inclusive.set(key, e);
        }
      }
      cursor = parent.get(cursor);
    }
    attributed.set(owner, (attributed.get(owner) ?? 0) + us);
  }
  const pct = (us: number): number => Math.round((us / Math.max(1, total)) * 1000) / 10;
  return {
    file,
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    top: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ fn: e.fn, where: e.where, selfMs: Math.round(e.us / 1000), percent: pct(e.us) })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([a, us]) => ({ area: a, selfMs: Math.round(us / 1000), percent: pct(us) })),
    attributed: [...attributed.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([a, us]) => ({ area: a, ms: Math.round(us / 1000), percent: pct(us) })),
    inclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ fn: e.fn, where: e.where, ms: Math.round(e.us / 1000), percent: pct(e.us) })),
  };
}
