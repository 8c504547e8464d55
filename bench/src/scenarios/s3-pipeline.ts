/**
 * Scenario 3: full pipeline, station → gateway → Kafka → answering service → Redis → gateway →
 * station, on the compiled services as processes. Open-loop offered load stepped up; the
 * sustained rate is the highest step answered in full at p99 ≤ 100 ms. Baseline: bare answering
 * the same mix, closed loop (its throughput at its p99).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LoaderPool, ProcSampler, ServerProcess, freePort, log, round, sleep } from '../lib/proc';
import type { MixEntry } from '../lib/protocol';
import { STATION_PASSWORD, infraProcesses, provisionStations, startGateway, startServices, type GatewayHandle, type RunContext } from '../lib/stack';
import { pipelineTimeGoes } from '../lib/time-goes';
import { fmt, type ScenarioResult } from '../lib/result';
import { summarizeProfile, type ProfileSummary } from '../lib/profile';
import { InspectorProfiler } from '../lib/inspector';
import { KafkaLegProbe } from '../lib/kafka-probe';
import { latency, profileTables } from './common';

export interface PipelineOptions {
  stations: number;
  steps: number[];
  stepSeconds: number;
}

export const MIX: MixEntry[] = [
  { action: 'Authorize', weight: 1 },
  { action: 'MeterValues', weight: 2 },
  { action: 'StatusNotification', weight: 1 },
];

interface Step {
  offered: number;
  achieved: number;
  sent: number;
  answered: number;
  skipped: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  byAction: Record<string, number>;
  cpu: Record<string, number>;
  /** Gateway receipt → record delivered to a consumer (ms). */
  kafkaLeg?: { p50: number; p95: number; p99: number; max: number; mean: number };
}

async function stepUp(pool: LoaderPool, steps: number[], stepSeconds: number, sampled: { name: string; pid: number; tree?: boolean }[], label: string, probe?: KafkaLegProbe): Promise<Step[]> {
  const out: Step[] = [];
  let misses = 0;
  for (const offered of steps) {
    await pool.resetStats();
    probe?.reset();
    const sampler = new ProcSampler(sampled).start();
    const per = offered / pool.loaders.length;
    const { result, histogram, status, byAction } = await pool.run({ cmd: 'rate', rate: per, durationMs: stepSeconds * 1000, mix: MIX }, stepSeconds * 1000 + 90_000);
    const cpu = Object.fromEntries(sampler.stop().map((s) => [s.name, s.cpuPercentAvg]));
    const l = latency(histogram);
    const kafkaLeg = probe ? latency(probe.reset()) : undefined;
    const step: Step = {
      offered,
      achieved: Math.round(result.answered / (result.elapsedMs / 1000)),
      sent: result.sent,
      answered: result.answered,
      skipped: result.skipped,
      ...l,
      errors: status.callErrors + status.timeouts,
      byAction: Object.fromEntries(Object.entries(byAction).map(([a, h]) => [a, round(h.percentile(99))])),
      cpu,
      ...(kafkaLeg ? { kafkaLeg } : {}),
    };
    out.push(step);
    log(`s3 ${label} offered ${offered}/s: achieved ${step.achieved}/s p50 ${l.p50} p99 ${l.p99} errors ${step.errors} skipped ${step.skipped}`);
    // Go on past the p99 target to show the curve; stop once the pipeline is saturated (answers
    // fall behind the offered rate, or p99 beyond 2 s) twice in a row.
    const saturated = step.errors > 0 || step.achieved < 0.95 * offered || step.p99 > 2_000;
    misses = saturated ? misses + 1 : 0;
    if (misses >= 2) break;
    await sleep(2_000);
  }
  return out;
}

export async function pipelineScenario(ctx: RunContext, options: PipelineOptions): Promise<ScenarioResult> {
  const suffix = `_bench_${ctx.runId}_s3`;
  await provisionStations(ctx, options.stations);
  const services = await startServices(ctx, ['station', 'customer', 'session', 'metering', 'billing'], suffix);
  let gw: GatewayHandle | undefined;
  let pool: LoaderPool | undefined;
  let probe: KafkaLegProbe | undefined;
  let voltlane: Step[] = [];
  let bareSteps: Step[] = [];
  let bareClosed = { rate: 0, p50: 0, p99: 0 };
  let profile: ProfileSummary | undefined;
  try {
    gw = await startGateway(ctx, 's3-gateway', suffix);
    pool = await LoaderPool.start(2, ctx.logDir, 's3-voltlane');
    const c = await pool.connect({ url: gw.url, prefix: ctx.prefix, start: 0, count: options.stations, password: STATION_PASSWORD, boot: true, concurrency: 100, timeoutMs: 180_000 });
    log(`s3: ${c.status.booted}/${options.stations} stations connected and booted through the pipeline in ${round(c.elapsedMs / 1000, 1)} s`);
    // Warm-up: consumer groups settled, JIT, connection pools.
    await pool.run({ cmd: 'rate', rate: 50, durationMs: 5_000, mix: MIX }, 60_000);
    const sampled = [{ name: 'gateway', pid: gw.proc.pid }, ...services.map((s) => ({ name: s.name.replace(suffix, ''), pid: s.pid })), ...(await infraProcesses(ctx)), ...pool.pids.map((pid, i) => ({ name: `load-${i}`, pid }))];
    probe = await KafkaLegProbe.start(ctx.kafkaBrokers, suffix, `bench_probe_${ctx.runId}`);
    voltlane = await stepUp(pool, options.steps, options.stepSeconds, sampled, 'voltlane', probe);
  } finally {
    await probe?.stop();
    await pool?.stop();
    await gw?.proc.stop('SIGTERM', 30_000);
  }
  const isSustained = (s: Step): boolean => s.p99 <= 100 && s.errors === 0 && s.achieved >= 0.95 * s.offered;
  const sustainedStep = voltlane.filter(isSustained).sort((a, b) => b.achieved - a.achieved)[0];
  const sustained = sustainedStep?.achieved ?? 0;
  const firstUnsustained = voltlane.find((s) => !isSustained(s));

  // Baseline: bare with the same mix (closed loop for its throughput, plus the same steps).
  const port = await freePort();
  const bare = await ServerProcess.baseline('bare', port, ctx.logDir);
  const barePool = await LoaderPool.start(2, ctx.logDir, 's3-bare');
  try {
    await barePool.connect({ url: `ws://127.0.0.1:${port}/ocpp`, prefix: ctx.prefix, start: 0, count: options.stations, boot: false, concurrency: 100, timeoutMs: 120_000 });
    await barePool.run({ cmd: 'burst', perConnection: 20, mix: MIX, timeoutMs: 60_000 }, 120_000);
    const closed = await barePool.run({ cmd: 'burst', perConnection: 100, mix: MIX, timeoutMs: 120_000 }, 180_000);
    const l = latency(closed.histogram);
    bareClosed = { rate: Math.round(closed.result.answered / (closed.result.elapsedMs / 1000)), p50: l.p50, p99: l.p99 };
    log(`s3 bare closed loop: ${bareClosed.rate}/s p99 ${bareClosed.p99}`);
    bareSteps = await stepUp(barePool, options.steps.filter((s) => s <= Math.max(...voltlane.map((v) => v.offered), options.steps[0])), options.stepSeconds, [{ name: 'bare', pid: bare.pid }], 'bare');
  } finally {
    await barePool.stop();
    await bare.stop();
  }

  // Where the gateway's time goes at the highest step reached (profiled run).
  const ratio = sustained / Math.max(1, bareClosed.rate);
  if (ctx.cpuProfile || ratio < 0.1) {
    const dir = resolve(ctx.outDir, 'profiles');
    mkdirSync(dir, { recursive: true });
    let pgw: GatewayHandle | undefined;
    let ppool: LoaderPool | undefined;
    try {
      log('s3: profiling the gateway (V8 CPU profile over the inspector) at the highest step reached');
      const inspectPort = await freePort();
      pgw = await startGateway(ctx, 's3-gateway-profiled', suffix, {}, [`--inspect=127.0.0.1:${inspectPort}`]);
      ppool = await LoaderPool.start(2, ctx.logDir, 's3-profiled');
      await ppool.connect({ url: pgw.url, prefix: ctx.prefix, start: 0, count: options.stations, password: STATION_PASSWORD, boot: false, concurrency: 100, timeoutMs: 120_000 });
      await ppool.run({ cmd: 'rate', rate: 50, durationMs: 3_000, mix: MIX }, 60_000);
      const top = voltlane[voltlane.length - 1]?.offered ?? options.steps[0];
      const profiler = await InspectorProfiler.connect(inspectPort);
      await profiler.start();
      await ppool.run({ cmd: 'rate', rate: top / ppool.loaders.length, durationMs: options.stepSeconds * 1000, mix: MIX }, options.stepSeconds * 1000 + 90_000);
      profile = summarizeProfile(await profiler.stop(resolve(dir, 's3-gateway-pipeline.cpuprofile')));
    } finally {
      await ppool?.stop();
      await pgw?.proc.stop('SIGTERM', 60_000);
    }
  }
  await Promise.all(services.map((s) => s.stop('SIGTERM', 30_000)));

  const curve = (steps: Step[], label: string): (string | number)[][] => steps.map((s) => [label, s.offered, s.achieved, s.p50, s.p95, s.p99, s.max, s.errors, s.skipped]);
  const cpuCols = [...new Set(voltlane.flatMap((s) => Object.keys(s.cpu)))];
  return {
    id: 3,
    title: 'Full pipeline (Authorize 25 %, MeterValues 50 %, StatusNotification 25 %; station → gateway → Kafka → service → Redis → gateway → station)',
    figures: [
      { name: 'Voltlane sustained round trips/s at p99 ≤ 100 ms', value: sustained, unit: '/s' },
      { name: 'bare closed-loop throughput, same mix (p50 / p99 ms)', value: `${fmt(bareClosed.rate, 0)} (${bareClosed.p50} / ${bareClosed.p99})`, unit: '/s' },
      { name: 'Voltlane ÷ bare', value: round(ratio, 3), target: '≥ 0.1 × bare', met: ratio >= 0.1 },
      { name: 'p99 at the sustained step (ms)', value: sustainedStep ? sustainedStep.p99 : 'n/a', target: '≤ 100 ms', met: sustainedStep !== undefined },
    ],
    tables: [
      { title: `Latency curve as offered load rises (${options.stations} stations, ${options.stepSeconds} s per step, open loop)`, columns: ['server', 'offered /s', 'achieved /s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'skipped (all busy)'], rows: [...curve(voltlane, 'voltlane'), ...curve(bareSteps, 'bare')] },
      { title: 'Voltlane p99 per action (ms), the Kafka leg (gateway receipt → record at a consumer) and CPU % per process per step', columns: ['offered /s', 'p99 Authorize', 'p99 MeterValues', 'p99 StatusNotification', 'Kafka leg p50 / p99', ...cpuCols.map((c) => `CPU% ${c}`)], rows: voltlane.map((s) => [s.offered, s.byAction.Authorize ?? '', s.byAction.MeterValues ?? '', s.byAction.StatusNotification ?? '', s.kafkaLeg ? `${s.kafkaLeg.p50} / ${s.kafkaLeg.p99}` : '', ...cpuCols.map((c) => s.cpu[c] ?? '')]) },
      ...(profile ? profileTables('Gateway CPU profile, pipeline load', profile) : []),
    ],
    notes: [
      'Services: station, customer, session, metering and billing as separate processes from tmp/bench-dist, each with its own PostgreSQL schema and consumer group, topics suffixed for this run. Stations boot through the pipeline first (STATION_SERVICE_UNKNOWN_STATIONS=accept registers them).',
      ...(firstUnsustained ? [pipelineTimeGoes(firstUnsustained)] : []),
      'Open loop: each load process fires its share of the offered rate every 5 ms at stations with no CALL outstanding (OCPP allows one); "skipped" counts offers when every station was busy. A step is sustained when p99 ≤ 100 ms, no errors and ≥ 95 % of the offered rate is answered; stepping stops after two saturated steps (< 95 % answered, errors, or p99 > 2 s).',
    ],
    raw: { voltlane, bareSteps, bareClosed, profile },
  };
}
