/**
 * "Where the time goes": the report's explanation of a missed target, written from the run's own
 * figures (CPU per message, profile areas, per-process CPU at the step that failed), so it stays
 * true when the numbers change.
 */
import { cpus } from 'node:os';
import type { ProfileSummary } from './profile';
import { fmt } from './result';

/** What each code area of a gateway profile stands for, in a reader's words. */
const AREA_MEANING: Record<string, string> = {
  kafkajs: 'publishing every frame to Kafka, which neither baseline does',
  ws: 'WebSocket reads and writes, the same work bare does',
  '(garbage collector)': 'garbage collection',
  'libs/messaging': 'batching and header packing for Kafka',
  'apps/ocpp-gateway': 'the gateway’s own routing, rate limit and call tracking',
  'libs/ocpp': 'frame parsing and schema validation',
  'prom-client': 'metrics',
  opentelemetry: 'tracing spans',
};

function areaList(profile: ProfileSummary, n = 5): string {
  return profile.attributed
    .slice(0, n)
    .map((a) => `${a.area} ${a.percent} %${AREA_MEANING[a.area] ? ` (${AREA_MEANING[a.area]})` : ''}`)
    .join(', ');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Scenario 2: CPU microseconds per answered message of each server, and the gateway's busy time by area. */
export function throughputTimeGoes(
  rounds: { kind: string; rate: number; serverCpu: number }[],
  targets: { bare: number; rpc: number },
  profile?: ProfileSummary,
): string {
  const perMessage = (kind: string): number =>
    median(rounds.filter((r) => r.kind === kind && r.rate > 0).map((r) => (r.serverCpu / 100 / r.rate) * 1e6));
  const v = perMessage('voltlane');
  const bare = perMessage('bare');
  const rpc = perMessage('ocpp-rpc');
  const cpu = median(rounds.filter((r) => r.kind === 'voltlane').map((r) => r.serverCpu));
  const parts = [
    `Where the time goes: the Voltlane gateway spent ${fmt(v, 1)} µs of CPU per answered Heartbeat, bare ${fmt(bare, 1)} µs and ocpp-rpc ${fmt(rpc, 1)} µs (medians of the rounds; each server is one Node process, Voltlane's at ${fmt(cpu, 0)} % of a core, so its rate is CPU-bound).`,
    `${targets.bare} × bare would need at most ${fmt(bare / targets.bare, 1)} µs per message and ${targets.rpc} × ocpp-rpc at most ${fmt(rpc / targets.rpc, 1)} µs.`,
  ];
  if (profile) parts.push(`The gateway's busy time by area: ${areaList(profile)}.`);
  return parts.join(' ');
}

/** Scenario 3: at the first step that was not sustained, which action was slow and which process was busy. */
export function pipelineTimeGoes(step: {
  offered: number;
  achieved: number;
  p99: number;
  byAction: Record<string, number>;
  cpu: Record<string, number>;
  kafkaLeg?: { p99: number };
}): string {
  const slowest = Object.entries(step.byAction).sort((a, b) => b[1] - a[1]);
  const busy = Object.entries(step.cpu)
    .filter(([name]) => !name.startsWith('load'))
    .sort((a, b) => b[1] - a[1]);
  const load = Object.entries(step.cpu)
    .filter(([name]) => name.startsWith('load'))
    .reduce((a, [, c]) => a + c, 0);
  // The machine's verdict counts the load generators too: they share its cores.
  const total = busy.reduce((a, [, c]) => a + c, 0) + load;
  const machine = cpus().length * 100;
  const withLoad = load > 0 ? ` (the load generators' ${fmt(load, 0)} % included)` : '';
  const verdict =
    total >= 0.8 * machine
      ? `together ${fmt(total, 0)} % of the machine's ${machine} %${withLoad}: the CPU of this one machine (which also runs the infrastructure and the load) is the limit`
      : `together ${fmt(total, 0)} % of the machine's ${machine} %${withLoad}, none saturated: the time is spent waiting (per-station ordering, database round trips, queues between components), not computing`;
  return [
    `Where the time goes: the first step not sustained was ${step.offered}/s offered (${step.achieved}/s answered, p99 ${fmt(step.p99, 0)} ms).`,
    slowest.length ? `p99 by action: ${slowest.map(([a, ms]) => `${a} ${fmt(ms, 0)} ms`).join(', ')}.` : '',
    step.kafkaLeg ? `The Kafka leg (gateway receipt → record at a consumer) had p99 ${fmt(step.kafkaLeg.p99, 0)} ms of that.` : '',
    busy.length ? `CPU per process: ${busy.map(([n, c]) => `${n} ${fmt(c, 0)} %`).join(', ')}; ${verdict}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
