/**
 * Scenario 2: gateway-local throughput. C stations per server each send N Heartbeats one after
 * another (the next when the previous is answered), like the machine notes; rounds interleave the
 * servers so drift hits all of them alike. Voltlane validates each frame, answers the Heartbeat in
 * the gateway and still publishes it to Kafka.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Histogram } from '../lib/histogram';
import { LoaderPool, ProcSampler, ServerProcess, freePort, log, round, sleep, sum } from '../lib/proc';
import { STATION_PASSWORD, infraProcesses, provisionStations, scenarioSuffix, startGateway, type RunContext } from '../lib/stack';
import { throughputTimeGoes } from '../lib/time-goes';
import { fmt, type ScenarioResult } from '../lib/result';
import { summarizeProfile, type ProfileSummary } from '../lib/profile';
import { InspectorProfiler } from '../lib/inspector';
import { ensureSuffixTopics, latency, profileTables } from './common';

type Kind = 'bare' | 'ocpp-rpc' | 'voltlane';
const KINDS: Kind[] = ['bare', 'ocpp-rpc', 'voltlane'];

export interface ThroughputOptions {
  connections: number;
  perConnection: number;
  rounds: number;
}

interface Round {
  kind: Kind;
  round: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU % (of one core) of the server process and of the Kafka broker during the round. */
  serverCpu: number;
  kafkaCpu: number;
  loadCpu: number;
}

const HEARTBEAT = [{ action: 'Heartbeat' as const, weight: 1 }];

async function target(
  ctx: RunContext,
  kind: Kind,
  suffix: string,
  connections: number,
  nodeArgs: string[] = [],
  name = `s2-${kind}`,
): Promise<{ proc: ServerProcess; pool: LoaderPool }> {
  let proc: ServerProcess;
  let url: string;
  if (kind === 'voltlane') {
    const gw = await startGateway(ctx, name, suffix, {}, nodeArgs);
    proc = gw.proc;
    url = gw.url;
  } else {
    const port = await freePort();
    proc = await ServerProcess.baseline(kind, port, ctx.logDir);
    url = `ws://127.0.0.1:${port}/ocpp`;
  }
  const pool = await LoaderPool.start(2, ctx.logDir, name);
  const connected = await pool.connect({
    url,
    prefix: ctx.prefix,
    start: 0,
    count: connections,
    ...(kind === 'voltlane' ? { password: STATION_PASSWORD } : {}),
    boot: false,
    concurrency: 100,
    timeoutMs: 120_000,
  });
  if (connected.status.open !== connections) log(`s2 ${kind}: only ${connected.status.open}/${connections} connected`);
  return { proc, pool };
}

async function burst(pool: LoaderPool, perConnection: number): Promise<{ rate: number; histogram: Histogram; errors: number }> {
  await pool.resetStats();
  const { result, histogram, status } = await pool.run({ cmd: 'burst', perConnection, mix: HEARTBEAT, timeoutMs: 120_000 }, 180_000);
  return { rate: result.answered / (result.elapsedMs / 1000), histogram, errors: status.callErrors + status.timeouts };
}

export async function throughputScenario(ctx: RunContext, options: ThroughputOptions): Promise<ScenarioResult> {
  const suffix = scenarioSuffix(ctx, 's2');
  await provisionStations(ctx, options.connections);
  await ensureSuffixTopics(ctx.kafkaBrokers, suffix);
  const targets = new Map<Kind, { proc: ServerProcess; pool: LoaderPool }>();
  const rounds: Round[] = [];
  const merged = new Map<Kind, Histogram>(KINDS.map((k) => [k, new Histogram()]));
  try {
    for (const kind of KINDS) targets.set(kind, await target(ctx, kind, suffix, options.connections));
    const kafka = await infraProcesses(ctx, ['kafka']);
    // Warm-up (JIT, Kafka producer batches), not counted.
    for (const kind of KINDS) await burst(targets.get(kind)!.pool, 20);
    for (let r = 1; r <= options.rounds; r++) {
      for (const kind of KINDS) {
        // The gateway's per-station token bucket (50/s, burst 200) refills between rounds.
        await sleep(4_500);
        const t = targets.get(kind)!;
        const sampler = new ProcSampler(
          [{ name: 'server', pid: t.proc.pid }, ...kafka, ...t.pool.pids.map((pid, i) => ({ name: `load-${i}`, pid }))],
          200,
        ).start();
        const b = await burst(t.pool, options.perConnection);
        const cpu = sampler.stop();
        const cpuOf = (prefix: string): number => round(sum(cpu.filter((c) => c.name.startsWith(prefix)).map((c) => c.cpuPercentAvg)), 0);
        const l = latency(b.histogram);
        merged.get(kind)!.merge(b.histogram);
        rounds.push({
          kind,
          round: r,
          rate: Math.round(b.rate),
          p50: l.p50,
          p99: l.p99,
          errors: b.errors,
          serverCpu: cpuOf('server'),
          kafkaCpu: cpuOf('kafka'),
          loadCpu: cpuOf('load'),
        });
        log(
          `s2 round ${r} ${kind}: ${fmt(b.rate, 0)} msg/s p50 ${l.p50} p99 ${l.p99} errors ${b.errors} cpu server ${cpuOf('server')} % kafka ${cpuOf('kafka')} %`,
        );
      }
    }
  } finally {
    for (const t of targets.values()) {
      await t.pool.stop();
      await t.proc.stop('SIGTERM', 30_000);
    }
  }
  const median = (kind: Kind): number => {
    const xs = rounds
      .filter((r) => r.kind === kind)
      .map((r) => r.rate)
      .sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)] ?? 0;
  };
  const vBare = median('voltlane') / Math.max(1, median('bare'));
  const vRpc = median('voltlane') / Math.max(1, median('ocpp-rpc'));
  const vErrors = rounds.filter((r) => r.kind === 'voltlane').reduce((a, r) => a + r.errors, 0);
  let profile: ProfileSummary | undefined;
  if (ctx.cpuProfile || vBare < 0.6 || vRpc < 1.5) profile = await profileGateway(ctx, suffix, options);
  const lat = (k: Kind): string => {
    const l = latency(merged.get(k)!);
    return `${l.p50} / ${l.p99}`;
  };
  return {
    id: 2,
    title: 'Gateway-local throughput (Heartbeat answered by the gateway, still published to Kafka)',
    figures: [
      { name: 'Voltlane msg/s (median of rounds)', value: median('voltlane'), unit: 'msg/s' },
      { name: 'bare / ocpp-rpc msg/s (median)', value: `${fmt(median('bare'), 0)} / ${fmt(median('ocpp-rpc'), 0)}`, unit: 'msg/s' },
      { name: 'p50 / p99 ms: Voltlane | bare | ocpp-rpc', value: `${lat('voltlane')} | ${lat('bare')} | ${lat('ocpp-rpc')}` },
      { name: 'Voltlane ÷ bare', value: round(vBare, 2), target: '≥ 0.6 × bare', met: vBare >= 0.6 },
      { name: 'Voltlane ÷ ocpp-rpc', value: round(vRpc, 2), target: '≥ 1.5 × ocpp-rpc', met: vRpc >= 1.5 },
      { name: 'Voltlane CALLERRORs + time-outs', value: vErrors, target: '0', met: vErrors === 0 },
    ],
    tables: [
      {
        title: `Rounds (${options.connections} connections × ${options.perConnection} Heartbeats each, one outstanding per connection)`,
        columns: ['round', 'server', 'msg/s', 'p50 ms', 'p99 ms', 'errors', 'CPU % server', 'CPU % Kafka broker', 'CPU % load generators'],
        rows: rounds.map((r) => [r.round, r.kind, r.rate, r.p50, r.p99, r.errors, r.serverCpu, r.kafkaCpu, r.loadCpu]),
      },
      ...(profile ? profileTables('Gateway CPU profile, throughput burst', profile) : []),
    ],
    notes: [
      'Load: 2 load-generator processes per server (bench/src/load/ws-load.ts), source addresses 127.0.0.2–250; every server is connected for the whole scenario and the rounds interleave bare → ocpp-rpc → Voltlane. A warm-up burst of 20 per connection precedes the counted rounds.',
      'Voltlane gateway: compiled (tmp/bench-dist), profile 1 Basic auth, GATEWAY_REQUIRE_BOOT_ACCEPTED=true (boot status Accepted in Redis), GATEWAY_LOCAL_HEARTBEAT=true, default rate limit (50/s, burst 200): rounds are 4.5 s apart so each station’s bucket is full again.',
      ...(vBare < 0.6 || vRpc < 1.5 ? [throughputTimeGoes(rounds, { bare: 0.6, rpc: 1.5 }, profile)] : []),
      ...(profile
        ? [
            `CPU profile: a separate gateway run, V8 sampling profiler (as --cpu-prof) over the inspector for the burst window only (${profile.file}); ${profile.totalMs} ms busy, ${profile.idleMs} ms idle; percentages are of busy time.`,
          ]
        : []),
    ],
    raw: { rounds, profile },
  };
}

async function profileGateway(ctx: RunContext, suffix: string, options: ThroughputOptions): Promise<ProfileSummary | undefined> {
  const dir = resolve(ctx.outDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  log('s2: profiling the gateway (V8 CPU profile over the inspector, burst window only)');
  const inspectPort = await freePort();
  const t = await target(ctx, 'voltlane', suffix, options.connections, [`--inspect=127.0.0.1:${inspectPort}`], 's2-voltlane-profiled');
  try {
    await burst(t.pool, 20);
    await sleep(4_500);
    const profiler = await InspectorProfiler.connect(inspectPort);
    await profiler.start();
    await burst(t.pool, options.perConnection);
    return summarizeProfile(await profiler.stop(resolve(dir, 's2-gateway-throughput.cpuprofile')));
  } finally {
    await t.pool.stop();
    await t.proc.stop('SIGTERM', 60_000);
  }
}
