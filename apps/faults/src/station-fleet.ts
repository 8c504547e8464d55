/**
 * The simulated stations of one fault round: one simulator process per OCPP version
 * (apps/simulator, run with tsx), each logging every frame it sends and receives for the ledger.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pollUntil } from '@voltlane/testing';
import type { ChildProc } from '@voltlane/process-kit';
import { childProc } from './child-process';
import { LedgerBuilder, type Ledger } from './frame-ledger';

export interface FleetPlan {
  /** Station ids are `<prefix>-<version tag>-<n>`. */
  prefix: string;
  stationsPerVersion: number;
  url: string;
  logDir: string;
}

export const VERSIONS = [
  { protocol: 'ocpp1.6', tag: 'v16', firstIndex: 1 },
  { protocol: 'ocpp2.0.1', tag: 'v201', firstIndex: 1001 },
] as const;

/** The idTags the simulator uses (`SIM<n>`), registered with the customer-service up front. */
export function idTagsFor(stationsPerVersion: number): string[] {
  return VERSIONS.flatMap((v) => Array.from({ length: stationsPerVersion }, (_, i) => `SIM${v.firstIndex + i}`));
}

export class StationFleet {
  readonly procs: ChildProc[];
  readonly frameLogs: string[];

  constructor(readonly plan: FleetPlan) {
    this.frameLogs = VERSIONS.map((v) => resolve(plan.logDir, `${plan.prefix}-${v.tag}.frames.tsv`));
    this.procs = VERSIONS.map((v, i) =>
      childProc({
        name: `${plan.prefix}-sim-${v.tag}`,
        args: [
          '--import',
          'tsx',
          'apps/simulator/src/main.ts',
          ...['--stations', String(plan.stationsPerVersion), '--protocol', v.protocol, '--url', plan.url],
          ...['--id-prefix', `${plan.prefix}-${v.tag}`, '--start-index', String(v.firstIndex), '--connectors', '1'],
          // Every station charges: sessions of ~40 s, one after another, samples every 3 s.
          ...[
            '--session-share',
            '1',
            '--sessions-per-hour',
            '90',
            '--session-seconds',
            '40',
            '--sample-interval',
            '3',
            '--aligned-interval',
            '0',
          ],
          ...['--max-kw', '50', '--heartbeat-interval', '60', '--ramp', '50'],
          // Stations reconnect quickly; transaction messages are retried until accepted.
          ...['--reconnect-min-ms', '500', '--reconnect-max-ms', '4000', '--call-timeout-ms', '25000'],
          ...['--transaction-attempts', '100', '--transaction-retry-ms', '1000'],
          ...[
            '--end-sessions-on-exit',
            '--frame-log',
            this.frameLogs[i],
            '--quiet',
            '--summary-json',
            resolve(plan.logDir, `${plan.prefix}-${v.tag}.summary.json`),
          ],
        ],
        env: {},
        logDir: plan.logDir,
      }),
    );
  }

  start(): void {
    for (const p of this.procs) p.start();
  }

  /** SIGTERM: the stations end their sessions (StopTransaction / TransactionEvent Ended), then exit. */
  async finish(timeoutMs: number): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop('SIGTERM', timeoutMs)));
  }

  async waitExited(timeoutMs: number): Promise<void> {
    await pollUntil(() => this.procs.every((p) => p.exited), timeoutMs, 'simulators to exit');
  }

  ledger(): Ledger {
    const builder = new LedgerBuilder();
    for (const file of this.frameLogs) builder.addText(readFileSync(file, 'utf8'));
    return builder.build();
  }
}
