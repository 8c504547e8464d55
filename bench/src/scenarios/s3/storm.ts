/**
 * Scenario 3's boot storm: N new stations connect, each sends BootNotification, a
 * StatusNotification per connector (0, 1, 2) and one StartTransaction, `concurrency` stations at
 * a time; total elapsed time, p50 / p99 per action and the system's CPU over the storm.
 */
import { LoaderPool, ProcSampler, log, round } from '../../lib/proc';
import { quietMark, waitQuiet } from './quiet';
import type { LoadStatus } from '../../lib/protocol';
import type { SystemHandle } from './systems';

export interface StormOptions {
  stations: number;
  /** The system's idle CPU % (see quiet.ts). */
  idleCpuPercent: number;
  /** Index of the first storm station (after the pipeline's stations). */
  start: number;
  concurrency: number;
}

export interface StormResult {
  stations: number;
  completed: number;
  elapsedS: number;
  /** p50 / p99 (ms) and count per step: connect, BootNotification, StatusNotification, StartTransaction, station (whole sequence). */
  byAction: Record<string, { p50: number; p99: number; n: number }>;
  failedByStep: Record<string, number>;
  /** CPU of the system's processes (and the infrastructure it uses) over the storm and until it was quiet again, in seconds. */
  systemCpuS: number;
  /** Seconds after the last answer until the system's CPU was back near idle (work still queued behind the answers). */
  quietAfterS: number;
  /** The system's idle CPU % (measured after it started; the quiet mark is 1.5 × this + 5 %). */
  idleCpuPercent: number;
  /** Seconds waited before the storm for the pipeline steps' queued work to finish. */
  quietBeforeS: number;
  cpu: Record<string, number>;
  status: LoadStatus;
}

export const STORM_CONNECTORS = [0, 1, 2];

export async function bootStorm(system: SystemHandle, options: StormOptions, logDir: string): Promise<StormResult> {
  await system.provision(options.start + options.stations);
  const pool = await LoaderPool.start(2, logDir, `s3-storm-${system.name}`);
  try {
    const mark = quietMark(options.idleCpuPercent);
    const before = new ProcSampler(system.processes).start();
    const quietBeforeS = await waitQuiet(before, mark);
    before.stop();
    const sampler = new ProcSampler(system.processes).start();
    const storm = await pool.storm({
      url: system.url,
      prefix: system.prefix,
      start: options.start,
      count: options.stations,
      ...(system.password !== undefined ? { password: system.password } : {}),
      concurrency: options.concurrency,
      connectors: STORM_CONNECTORS,
      callTimeoutMs: 60_000,
      timeoutMs: 30 * 60_000,
    });
    // Work queued behind the answers (events to other services) still counts: wait until quiet.
    const quietAfterS = await waitQuiet(sampler, mark);
    const stats = sampler.stop();
    const result: StormResult = {
      stations: options.stations,
      completed: storm.completed,
      elapsedS: round(storm.elapsedMs / 1000, 1),
      byAction: Object.fromEntries(
        Object.entries(storm.byAction).map(([a, h]) => [a, { p50: round(h.percentile(50)), p99: round(h.percentile(99)), n: h.count }]),
      ),
      failedByStep: storm.failedByStep,
      systemCpuS: round(stats.reduce((a, s) => a + s.cpuMs, 0) / 1000, 1),
      quietAfterS,
      quietBeforeS,
      idleCpuPercent: options.idleCpuPercent,
      cpu: Object.fromEntries(stats.map((s) => [s.name, s.cpuPercentAvg])),
      status: storm.status,
    };
    log(
      `s3 ${system.name} boot storm: ${result.completed}/${options.stations} stations through every step in ${result.elapsedS} s; p99 ${Object.entries(
        result.byAction,
      )
        .map(([a, v]) => `${a} ${v.p99}`)
        .join(
          ', ',
        )} ms; failures ${JSON.stringify(result.failedByStep)}; quiet again ${quietAfterS} s later (idle ${options.idleCpuPercent} %; waited ${quietBeforeS} s for quiet before)`,
    );
    return result;
  } finally {
    await pool.stop();
  }
}
