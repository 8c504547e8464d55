/** Scenario 3's open-loop steps: offered rate stepped up, latency per action and CPU per answered CALL. */
import { ProcSampler, log, round, sleep, type LoaderPool } from '../../lib/proc';
import type { MixEntry } from '../../lib/protocol';
import type { KafkaLegProbe } from '../../lib/kafka-probe';
import type { StatementProbe } from '../../lib/pg-statements';
import { latency } from '../common';
import type { Sampled } from './systems';

/** 70 % MeterValues (in the station's transaction), 20 % StatusNotification, 10 % Heartbeat. */
export const MIX: MixEntry[] = [
  { action: 'MeterValues', weight: 7 },
  { action: 'StatusNotification', weight: 2 },
  { action: 'Heartbeat', weight: 1 },
];

export interface Step {
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
  /** p50 / p99 (ms) and count per action. */
  byAction: Record<string, { p50: number; p99: number; n: number }>;
  /** CPU % (of one core) per sampled process, load generators included. */
  cpu: Record<string, number>;
  /** CPU ms per sampled process over the step. */
  cpuMs: Record<string, number>;
  /** CPU ms of the system (its processes and the infrastructure servers it uses; not the load). */
  systemCpuMs: number;
  /** systemCpuMs ÷ answered CALLs. */
  cpuMsPerCall: number;
  /** Gateway receipt → record delivered to a consumer (ms); distributed with --profile only. */
  kafkaLeg?: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** PostgreSQL statements per answered CALL over the step (pg_stat_statements), and the most run ones. */
  statements?: { perCall: number; top: { perCall: number; msPerCall: number; query: string }[] };
}

/** Answered in full at p99 ≤ 100 ms (no errors, ≥ 95 % of the offered rate answered). */
export const isSustained = (s: Step): boolean => s.p99 <= 100 && s.errors === 0 && s.achieved >= 0.95 * s.offered;

/** The highest sustained step, if any. */
export function sustainedStep(steps: Step[]): Step | undefined {
  return steps.filter(isSustained).sort((a, b) => b.achieved - a.achieved)[0];
}

const isLoad = (name: string): boolean => name.startsWith('load-');

function statementsPerCall(ran: { calls: number; totalMs: number; query: string }[], answered: number): NonNullable<Step['statements']> {
  const total = ran.reduce((a, r) => a + r.calls, 0);
  return {
    perCall: round(total / answered, 2),
    top: ran
      .slice(0, 15)
      .map((r) => ({ perCall: round(r.calls / answered, 3), msPerCall: round(r.totalMs / answered, 3), query: r.query })),
  };
}

/**
 * Runs the steps, appending each to `out` (kept if a later step throws). `failure` is asked after
 * every step: a system that lost a process is not measured further.
 */
export async function stepUp(
  out: Step[],
  pool: LoaderPool,
  steps: number[],
  stepSeconds: number,
  sampled: Sampled[],
  label: string,
  failure: () => string | undefined,
  probe?: KafkaLegProbe,
  statementProbe?: StatementProbe,
): Promise<void> {
  let misses = 0;
  for (const offered of steps) {
    await pool.resetStats();
    probe?.reset();
    await statementProbe?.reset();
    const sampler = new ProcSampler(sampled).start();
    const per = offered / pool.loaders.length;
    const { result, histogram, status, byAction } = await pool.run(
      { cmd: 'rate', rate: per, durationMs: stepSeconds * 1000, mix: MIX },
      stepSeconds * 1000 + 90_000,
    );
    const stats = sampler.stop();
    const ran = await statementProbe?.read();
    const l = latency(histogram);
    const kafkaLeg = probe ? latency(probe.reset()) : undefined;
    const systemCpuMs = stats.filter((s) => !isLoad(s.name)).reduce((a, s) => a + s.cpuMs, 0);
    const step: Step = {
      offered,
      achieved: Math.round(result.answered / (result.elapsedMs / 1000)),
      sent: result.sent,
      answered: result.answered,
      skipped: result.skipped,
      ...l,
      errors: status.callErrors + status.timeouts,
      byAction: Object.fromEntries(
        Object.entries(byAction).map(([a, h]) => [a, { p50: round(h.percentile(50)), p99: round(h.percentile(99)), n: h.count }]),
      ),
      cpu: Object.fromEntries(stats.map((s) => [s.name, s.cpuPercentAvg])),
      cpuMs: Object.fromEntries(stats.map((s) => [s.name, s.cpuMs])),
      systemCpuMs,
      cpuMsPerCall: result.answered > 0 ? round(systemCpuMs / result.answered, 3) : NaN,
      ...(kafkaLeg ? { kafkaLeg } : {}),
      ...(ran && result.answered > 0 ? { statements: statementsPerCall(ran, result.answered) } : {}),
    };
    const failed = failure();
    if (failed) throw new Error(`${failed} (during the ${offered}/s step)`);
    out.push(step);
    log(
      `s3 ${label} offered ${offered}/s: achieved ${step.achieved}/s p50 ${l.p50} p99 ${l.p99} errors ${step.errors} skipped ${step.skipped}; CPU ${step.cpuMsPerCall} ms/CALL (${stats
        .filter((s) => !isLoad(s.name))
        .map((s) => `${s.name} ${s.cpuPercentAvg} %`)
        .join(', ')})`,
    );
    // Go on past the p99 target to show the curve; stop once the system is saturated (answers
    // fall behind the offered rate, or p99 beyond 2 s) twice in a row.
    const saturated = step.errors > 0 || step.achieved < 0.95 * offered || step.p99 > 2_000;
    misses = saturated ? misses + 1 : 0;
    if (misses >= 2) break;
    await sleep(2_000);
  }
}
