/** A system's idle CPU, and waiting until it is back near idle (work queued behind the answers done). */
import { ProcSampler, round, sleep } from '../../lib/proc';
import type { Sampled } from './systems';

/** CPU % (of one core) of the processes together over `ms`. */
export async function idleCpuPercent(processes: Sampled[], ms = 3_000): Promise<number> {
  const sampler = new ProcSampler(processes).start();
  await sleep(ms);
  return round(
    sampler.stop().reduce((a, s) => a + s.cpuPercentAvg, 0),
    1,
  );
}

/** The mark "near idle": 1.5 × the idle CPU + 5 % of a core. */
export const quietMark = (idle: number): number => idle * 1.5 + 5;

/**
 * Waits until the sampler's processes stay below `mark` % CPU for two consecutive seconds (at
 * most `maxMs`); returns the seconds waited. `sampler` must be running (one-second samples).
 */
export async function waitQuiet(sampler: ProcSampler, mark: number, maxMs = 120_000): Promise<number> {
  const started = performance.now();
  let quietTicks = 0;
  while (quietTicks < 2 && performance.now() - started < maxMs) {
    await sleep(1_000);
    quietTicks = sampler.lastCpuPercent < mark ? quietTicks + 1 : 0;
  }
  return round((performance.now() - started) / 1000, 1);
}
