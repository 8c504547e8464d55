/**
 * `npm run test:faults`: the fault-injection test. Own Kafka/Redis/PostgreSQL, the distributed
 * stack as processes, and for each fault a round of simulated stations; exits 1 when anything
 * was lost, duplicated or mis-metered, or a CALL stations do not retry got a CALLERROR. Writes reports/faults.md and reports/faults.json.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiKeyStore } from '@voltlane/api-kit';
import { pollUntil, sleep } from '@voltlane/testing';
import { checkRound, roundPassed, type RoundCounts } from './checks';
import { ROOT, log } from './child-process';
import { FAULTS, type Fault } from './fault-catalog';
import { FaultInfra } from './fault-infra';
import { writeReport, type FaultRun, type RoundResult } from './fault-report';
import { recoveryMs } from './frame-ledger';
import { StationFleet, idTagsFor } from './station-fleet';
import { readStore } from './store-reader';
import { VoltlaneStack } from './voltlane-stack';

const STATIONS_PER_VERSION = Number(process.env.FAULTS_STATIONS_PER_VERSION ?? 30);
const WARMUP_MS = 20_000;
const AFTER_REPAIR_MS = 15_000;
const SETTLE_MS = 90_000;
/** Recovery: until the transaction messages outstanding at the fault or sent in its first 5 s were accepted. */
const RECOVERY_PROBE_MS = 5_000;
const RUN_DIR = resolve(ROOT, 'tmp/faults');

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function registerTokens(stack: VoltlaneStack, databaseUrl: string): Promise<void> {
  const keys = await ApiKeyStore.open(databaseUrl, 'iam_customer');
  const { key } = await keys.create(`faults-${Date.now()}`, 'admin');
  await keys.close();
  const port = stack.services.get('customer')?.apiPort;
  for (const idToken of idTagsFor(STATIONS_PER_VERSION)) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/id-tokens`, {
      method: 'POST',
      headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ idToken, type: 'ISO14443' }),
    });
    if (!res.ok && res.status !== 409) throw new Error(`registering id token ${idToken}: HTTP ${res.status} ${await res.text()}`);
  }
}

async function runRound(index: number, fault: Fault, stack: VoltlaneStack, infra: FaultInfra, logDir: string): Promise<RoundResult> {
  const prefix = `r${index + 1}`;
  log(`round ${prefix}: ${fault.title}`);
  const fleet = new StationFleet({ prefix, stationsPerVersion: STATIONS_PER_VERSION, url: stack.url, logDir });
  fleet.start();
  await sleep(WARMUP_MS);
  const injectedAt = Date.now();
  await fault.inject({ stack, infra });
  const repairedAt = Date.now();
  log(`round ${prefix}: repaired after ${((repairedAt - injectedAt) / 1000).toFixed(1)} s`);
  await sleep(AFTER_REPAIR_MS);
  log(`round ${prefix}: stations end their sessions`);
  await fleet.finish(120_000);
  const ledger = fleet.ledger();
  log(
    `round ${prefix}: stations done; ledger: ${ledger.sessions.size} sessions, ${ledger.samples.size} samples, ${ledger.calls.sent} CALLs`,
  );
  // The services work through what the stations sent; billing issues the CDRs last.
  let counts: RoundCounts | undefined;
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    counts = checkRound(
      ledger,
      await withTimeout(readStore(infra.databaseUrl, infra.kafkaBrokers, prefix), 90_000, 'reading the stored data'),
    );
    if (roundPassed(counts) || Date.now() > deadline) break;
    log(`round ${prefix}: not settled yet (lost ${counts.lost}, duplicated ${counts.duplicated}); checking again`);
    await sleep(3_000);
  }
  const simulator = Object.fromEntries(
    fleet.procs.map((p, i) => {
      try {
        return [
          p.name,
          (
            JSON.parse(readFileSync(resolve(logDir, `${prefix}-${['v16', 'v201'][i]}.summary.json`), 'utf8')) as {
              errors: Record<string, number>;
            }
          ).errors,
        ];
      } catch {
        return [p.name, null];
      }
    }),
  );
  const timeouts = Object.values(simulator).reduce((n, errors) => n + (errors?.timeouts ?? 0), 0);
  const recovery = recoveryMs(ledger, injectedAt, RECOVERY_PROBE_MS);
  log(
    `round ${prefix}: sessions ${counts.sessions}, samples ${counts.samples}, CDRs ${counts.cdrs}, lost ${counts.lost}, duplicated ${counts.duplicated}, energy mismatches ${counts.energyMismatches}, given up ${counts.givenUp}`,
  );
  for (const p of counts.problems.slice(0, 5)) log(`  ${p}`);
  return {
    fault: fault.id,
    title: fault.title,
    stations: 2 * STATIONS_PER_VERSION,
    counts,
    timeouts,
    recoveryMs: recovery ?? null,
    outageMs: repairedAt - injectedAt,
    simulator,
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  const logDir = resolve(RUN_DIR, 'logs', new Date(started).toISOString().replace(/[:.]/g, '-'));
  const only = process.env.FAULTS_ONLY?.split(',');
  const faults = FAULTS.filter((f) => !only || only.includes(f.id));
  const infra = new FaultInfra(resolve(RUN_DIR, 'infra'));
  await infra.freshUp();
  const stack = new VoltlaneStack(infra, logDir);
  const rounds: RoundResult[] = [];
  // Interrupted: stop the processes this run started before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stack.stop().finally(() => process.exit(130));
    });
  }
  try {
    await stack.start();
    await registerTokens(stack, infra.databaseUrl);
    log(`stack up in ${((Date.now() - started) / 1000).toFixed(0)} s; logs in ${logDir}`);
    for (const [i, fault] of faults.entries()) {
      rounds.push(await runRound(i, fault, stack, infra, logDir));
      await pollUntil(() => stack.allRunning(), 10_000, 'every process running after the round');
    }
  } finally {
    await stack.stop().catch((error: unknown) => log(`stopping the stack: ${String(error)}`));
    await infra.down().catch((error: unknown) => log(`infra down: ${String(error)}`));
  }
  const run: FaultRun = {
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    rounds,
    passed: rounds.length === faults.length && rounds.every((r) => roundPassed(r.counts)),
  };
  writeReport(run, resolve(ROOT, 'reports/faults.md'), resolve(ROOT, 'reports/faults.json'));
  log(`${run.passed ? 'PASSED' : 'FAILED'} in ${run.durationS} s: reports/faults.md`);
  return run.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`fault run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
