/**
 * `npm run bench` (via bench/run.sh): runs the scenarios on this machine, each measuring Voltlane
 * and its baselines in the same run, and writes reports/bench/<run>/report.{json,md}.
 *
 *   bash bench/run.sh [--scenarios 1,2,3,4,5,6] [--quick] [--fleet-duration 180] [--profile]
 */
import { resolve } from 'node:path';
import { Loader, ROOT, ServerProcess, log } from './lib/proc';
import { deleteRunTopics, unprovisionStations, type RunContext } from './lib/stack';
import type { ScenarioResult } from './lib/result';
import { machineInfo, versions, writeReport, type Report } from './report';
import { idleScenario } from './scenarios/s1-idle';
import { throughputScenario } from './scenarios/s2-throughput';
import { pipelineScenario } from './scenarios/s3-pipeline';
import { SYSTEM_NAMES, type SystemName } from './scenarios/s3/systems';
import { fleetScenario } from './scenarios/s4-fleet';
import { reconnectScenario } from './scenarios/s5-reconnect';
import { allocationScenario } from './scenarios/s6-allocation';

const HELP = `usage: npm run bench -- [options]
  --scenarios LIST       comma-separated scenario numbers (default 1,2,3,4,5,6)
                           1 idle connections   2 gateway-local throughput   3 pipeline against
                           allinone, distributed and monolith   4 realistic fleet   5 reconnect storm
                           6 load-management allocation (in process: needs no infrastructure)
  --quick                smaller counts for a smoke run (a few minutes)
  --fleet-duration S     scenario 4 duration in seconds (default 180; quick 30)
  --fleet-stations N     scenario 4 stations (default 20000; quick 200)
  --idle-counts LIST     scenario 1 connection counts (default 10000,50000; quick 2000)
  --idle-settle S        scenario 1 seconds between the last connect and the memory reading (default 5)
  --throughput-conns N   scenario 2 connections (default 500; quick 200)
  --heartbeats N         scenario 2 Heartbeats per connection per round (default 100)
  --rounds N             scenario 2 rounds (default 3; quick 1)
  --systems LIST         scenario 3 systems, in this order (default allinone,distributed,monolith)
  --pipeline-stations N  scenario 3 stations (default 1000; quick 200)
  --pipeline-steps LIST  scenario 3 offered rates per second (default 50,100,200,400,800,1500,3000,6000,10000;
                           quick 50,150,400,1000,2500,5000,10000)
  --step-seconds S       scenario 3 seconds per step (default 15; quick 6)
  --boot-storm-stations N      scenario 3 boot storm stations per system (default 10000; quick 1000)
  --boot-storm-concurrency N   scenario 3 boot storm stations in flight at once (default 500)
  --storm-stations N     scenario 5 stations (default 10000; quick 1000)
  --allocation-sizes LIST  scenario 6 connectors on one site (default 100,1000,5000; quick 100,1000)
  --profile              always take a gateway CPU profile (scenario 2, not only when a target is missed);
                           scenario 3: profile the distributed gateway and the all-in-one, and probe the Kafka leg
  --out DIR              report directory (default reports/bench)
  -h, --help`;

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') args.set('help', '1');
    else if (a === '--quick' || a === '--profile') args.set(a.slice(2), '1');
    else if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      args.set(k, v);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function systemList(v: string): SystemName[] {
  const xs = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = xs.filter((x) => !(SYSTEM_NAMES as readonly string[]).includes(x));
  if (bad.length || xs.length === 0 || new Set(xs).size !== xs.length)
    throw new Error(`--systems: expected distinct names of ${SYSTEM_NAMES.join(', ')}, got ${v}`);
  return xs as SystemName[];
}

function numbers(v: string, flag: string): number[] {
  const xs = v.split(',').map((x) => Number(x.trim()));
  if (xs.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error(`--${flag}: expected positive numbers, got ${v}`);
  return xs;
}

async function main(): Promise<void> {
  let args: Map<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${HELP}\n`);
    process.exit(2);
  }
  if (args.has('help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const quick = args.has('quick');
  const num = (k: string, full: number, q: number): number => (args.has(k) ? numbers(args.get(k)!, k)[0] : quick ? q : full);
  let scenarios: number[];
  let systems: SystemName[];
  try {
    scenarios = numbers(args.get('scenarios') ?? '1,2,3,4,5,6', 'scenarios');
    systems = systemList(args.get('systems') ?? SYSTEM_NAMES.join(','));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${HELP}\n`);
    process.exit(2);
  }
  const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}${quick ? '-quick' : ''}`;
  const outDir = resolve(ROOT, args.get('out') ?? 'reports/bench', runId);
  const ctx: RunContext = {
    runId: runId.replace(/-/g, ''),
    logDir: resolve(outDir, 'logs'),
    outDir,
    quick,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:39092',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:36379',
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://voltlane:voltlane@127.0.0.1:35432/voltlane',
    prefix: `bench-${runId.replace(/-/g, '').slice(-6)}-`,
    provisioned: 0,
    cpuProfile: args.has('profile'),
  };
  const report: Report = {
    runId,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    command: `npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    quick,
    machine: machineInfo(),
    versions: versions(),
    scenarios: [],
    failures: [],
  };
  log(`run ${runId}: scenarios ${scenarios.join(',')}${quick ? ' (quick)' : ''}; output ${outDir}`);
  const runners: Record<number, () => Promise<ScenarioResult>> = {
    1: () =>
      idleScenario(
        ctx,
        args.has('idle-counts') ? numbers(args.get('idle-counts')!, 'idle-counts') : quick ? [2_000] : [10_000, 50_000],
        num('idle-settle', 5, 5),
      ),
    2: () =>
      throughputScenario(ctx, {
        connections: num('throughput-conns', 500, 200),
        perConnection: num('heartbeats', 100, 100),
        rounds: num('rounds', 3, 1),
      }),
    3: () =>
      pipelineScenario(ctx, {
        stations: num('pipeline-stations', 1_000, 200),
        steps: args.has('pipeline-steps')
          ? numbers(args.get('pipeline-steps')!, 'pipeline-steps')
          : quick
            ? [50, 150, 400, 1_000, 2_500, 5_000, 10_000]
            : [50, 100, 200, 400, 800, 1_500, 3_000, 6_000, 10_000],
        stepSeconds: num('step-seconds', 15, 6),
        stormStations: num('boot-storm-stations', 10_000, 1_000),
        stormConcurrency: num('boot-storm-concurrency', 500, 500),
        systems,
      }),
    4: () =>
      fleetScenario(ctx, {
        stations: num('fleet-stations', 20_000, 200),
        durationSeconds: num('fleet-duration', 180, 30),
        sessionShare: 0.2,
      }),
    5: () => reconnectScenario(ctx, { stations: num('storm-stations', 10_000, 1_000), minBackoffMs: 1_000, maxBackoffMs: 30_000 }),
    6: () =>
      allocationScenario({
        sizes: args.has('allocation-sizes')
          ? numbers(args.get('allocation-sizes')!, 'allocation-sizes')
          : quick
            ? [100, 1_000]
            : [100, 1_000, 5_000],
        repetitions: (n) => (n <= 100 ? (quick ? 500 : 2_000) : n <= 1_000 ? (quick ? 200 : 500) : 100),
        warmup: quick ? 20 : 50,
      }),
  };
  // Scenario 6 runs in process: nothing to clean up in Kafka or Redis when it ran alone.
  const usesInfra = scenarios.some((id) => id !== 6);
  try {
    for (const id of scenarios) {
      const run = runners[id];
      if (!run) throw new Error(`no scenario ${id}`);
      const started = Date.now();
      log(`scenario ${id} starting`);
      try {
        const result = await run();
        report.scenarios.push(result);
        log(`scenario ${id} done in ${Math.round((Date.now() - started) / 1000)} s`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`scenario ${id} FAILED: ${message}`);
        report.failures.push({ scenario: id, error: message });
      }
      report.finishedAt = new Date().toISOString();
      writeReport(report, outDir);
    }
  } finally {
    await Loader.stopAll();
    await ServerProcess.stopAll();
    if (usesInfra) {
      await unprovisionStations(ctx).catch(() => undefined);
      await deleteRunTopics(ctx).catch(() => undefined);
    }
  }
  report.finishedAt = new Date().toISOString();
  const files = writeReport(report, outDir);
  log(`report: ${files.md}`);
  process.stdout.write(`${files.md}\n${files.json}\n`);
  process.exit(report.failures.length ? 1 : 0);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every process of this run`);
    void Promise.all([Loader.stopAll(), ServerProcess.stopAll()]).finally(() => process.exit(130));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
