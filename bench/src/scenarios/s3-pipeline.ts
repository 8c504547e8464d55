/**
 * Scenario 3: the same OCPP load against three systems, one after the other (--systems):
 * `allinone` (the compiled all-in-one process on the run's PostgreSQL), `distributed` (gateway
 * and services as processes on Kafka, Redis and PostgreSQL) and `monolith` (ws + pg, one SQL
 * statement per CALL: the CSMS a user could write in an afternoon, the reference).
 *
 * For each: stations connect, boot and start one transaction each; open-loop offered load of
 * 70 % MeterValues / 20 % StatusNotification / 10 % Heartbeat stepped up (sustained = highest
 * step answered in full at p99 ≤ 100 ms), with CPU per answered CALL summed over every process
 * the system uses; then a boot storm of new stations. Ratios against the monolith.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { InspectorProfiler } from '../lib/inspector';
import { LoaderPool, ProcSampler, log, round, sleep } from '../lib/proc';
import { summarizeProfile, type ProfileSummary } from '../lib/profile';
import type { ScenarioResult } from '../lib/result';
import { infraProcesses, type RunContext } from '../lib/stack';
import { latency } from './common';
import { pipelineResult, type PipelineOptions, type SystemRun } from './s3/report';
import { MIX, stepUp } from './s3/steps';
import { StatementProbe } from '../lib/pg-statements';
import { idleCpuPercent, waitQuiet } from './s3/quiet';
import { bootStorm } from './s3/storm';
import { describeInfra, startSystem, type SystemHandle, type SystemName } from './s3/systems';

export type { PipelineOptions } from './s3/report';
export { MIX } from './s3/steps';

export async function pipelineScenario(ctx: RunContext, options: PipelineOptions): Promise<ScenarioResult> {
  const runs: SystemRun[] = [];
  for (const name of options.systems) runs.push(await runSystem(ctx, name, options));
  if (runs.every((r) => r.error)) throw new Error(runs.map((r) => `${r.name}: ${r.error}`).join('; '));
  return pipelineResult(runs, options);
}

async function runSystem(ctx: RunContext, name: SystemName, options: PipelineOptions): Promise<SystemRun> {
  const run: SystemRun = { name, steps: [], notes: [] };
  const started = Date.now();
  let system: SystemHandle | undefined;
  let pool: LoaderPool | undefined;
  try {
    // The previous system's tail (autovacuum, checkpoints, a broker's clean-up) is not this one's CPU.
    const servers = await infraProcesses(ctx, name === 'distributed' ? ['kafka', 'redis', 'postgres'] : ['postgres']);
    const serversSampler = new ProcSampler(servers).start();
    const waited = await waitQuiet(serversSampler, 10, 60_000);
    serversSampler.stop();
    log(`s3: starting ${name} (waited ${waited} s for ${servers.map((p) => p.name).join(', ')} to be below 10 % of a core)`);
    system = await startSystem(ctx, name);
    run.notes.push(...system.notes);
    await sleep(2_000);
    run.idleCpuPercent = await idleCpuPercent(system.processes);
    log(`s3 ${name}: idle CPU ${run.idleCpuPercent} % of a core (its processes and infrastructure)`);
    await system.provision(options.stations);
    pool = await LoaderPool.start(2, ctx.logDir, `s3-${name}`);
    const c = await pool.connect({
      url: system.url,
      prefix: system.prefix,
      start: 0,
      count: options.stations,
      ...(system.password !== undefined ? { password: system.password } : {}),
      boot: true,
      concurrency: 100,
      timeoutMs: 180_000,
    });
    if (c.status.booted === 0)
      throw new Error(
        `no station booted (${JSON.stringify(c.status.handshakeFailuresByReason)} ${JSON.stringify(c.status.callErrorsByCode)})`,
      );
    const tx = await pool.run({ cmd: 'startTransactions', concurrency: 50, timeoutMs: 120_000 }, 240_000);
    run.setup = {
      stations: options.stations,
      booted: c.status.booted,
      connectS: round(c.elapsedMs / 1000, 1),
      transactions: tx.result.answered,
      startP99: latency(tx.histogram).p99,
    };
    log(
      `s3 ${name}: ${c.status.booted}/${options.stations} stations booted in ${run.setup.connectS} s; ${tx.result.answered} transactions started (StartTransaction p99 ${run.setup.startP99} ms)`,
    );
    // Warm-up: JIT, connection pools, consumer groups settled (50/s over both load processes).
    await pool.run({ cmd: 'rate', rate: 25, durationMs: 5_000, mix: MIX }, 60_000);
    const sampled = [...system.processes, ...pool.pids.map((pid, i) => ({ name: `load-${i}`, pid }))];
    const statements = await StatementProbe.open(ctx.databaseUrl);
    if (!statements) run.notes.push(`${name}: no pg_stat_statements on the database server; statements per CALL not measured.`);
    try {
      await stepUp(run.steps, pool, options.steps, options.stepSeconds, sampled, name, () => system?.failure(), system.probe, statements);
    } finally {
      await statements?.close();
    }
    const infra = describeInfra(system.processes);
    if (infra) run.notes.push(`${name}: ${infra} (counted after the steps, the stations still connected).`);
    if (ctx.cpuProfile && system.inspect) run.profile = await profile(ctx, system, pool, run, options);
    await pool.stop();
    pool = undefined;
    await sleep(3_000);
    run.storm = await bootStorm(
      system,
      {
        stations: options.stormStations,
        start: options.stations,
        concurrency: options.stormConcurrency,
        idleCpuPercent: run.idleCpuPercent,
      },
      ctx.logDir,
    );
    const failed = system.failure();
    if (failed) {
      run.storm = undefined;
      throw new Error(`${failed} (during the boot storm)`);
    }
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
    log(`s3 ${name} FAILED: ${run.error}`);
  } finally {
    await pool?.stop();
    await system
      ?.stop()
      .catch((error: unknown) => log(`s3 ${name}: stopping failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  log(`s3 ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
  return run;
}

/** A V8 CPU profile of the system's main Node process at the highest step reached (--profile). */
async function profile(
  ctx: RunContext,
  system: SystemHandle,
  pool: LoaderPool,
  run: SystemRun,
  options: PipelineOptions,
): Promise<ProfileSummary> {
  const dir = resolve(ctx.outDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const top = run.steps[run.steps.length - 1]?.offered ?? options.steps[0];
  log(`s3 ${system.name}: CPU profile of the ${system.inspect!.name} at ${top}/s`);
  await sleep(2_000);
  const profiler = await InspectorProfiler.connect(system.inspect!.port);
  await profiler.start();
  await pool.run(
    { cmd: 'rate', rate: top / pool.loaders.length, durationMs: options.stepSeconds * 1000, mix: MIX },
    options.stepSeconds * 1000 + 90_000,
  );
  return summarizeProfile(await profiler.stop(resolve(dir, `s3-${system.name}-${system.inspect!.name}.cpuprofile`)));
}
