/** reports/faults.md and reports/faults.json: one row per fault. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { roundPassed, type RoundCounts } from './checks';

export interface RoundResult {
  fault: string;
  title: string;
  stations: number;
  counts: RoundCounts;
  /** CALLs the stations timed out (no answer within 25 s on a live connection). */
  timeouts: number;
  /** Fault injected until the transaction messages outstanding then or sent in its first 5 s were accepted; null = never. */
  recoveryMs: number | null;
  /** Fault injected until the repair (restart) completed. */
  outageMs: number;
  /** Simulator counters (CALLERRORs, time-outs, retries, reconnects) per version. */
  simulator: Record<string, Record<string, number> | null>;
}

export interface FaultRun {
  startedAt: string;
  durationS: number;
  rounds: RoundResult[];
  passed: boolean;
}

export function renderMarkdown(run: FaultRun): string {
  const lines = [
    '# Fault-injection tests',
    '',
    `Run ${run.startedAt}, ${run.durationS} s in all, ${run.passed ? '**passed**' : '**FAILED**'}. Produced by \`npm run test:faults\` (apps/faults).`,
    '',
    'Each fault hits a round of simulated stations (half OCPP 1.6, half 2.0.1, sessions in progress, MeterValues every 3 s) on the real',
    "servers; then the stations end their sessions and what they sent (their frame logs) is compared with the services' PostgreSQL",
    'tables and billing.cdrs.v1. Targets: lost 0, duplicated 0, energy mismatches 0, transaction messages given up 0.',
    '',
    '| fault | stations | sessions | samples | CDRs | lost | duplicated | energy mismatches | given up | CALLs lost with a connection | CALL time-outs | CALLERRORs | outage s | recovery s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of run.rounds) {
    const c = r.counts;
    lines.push(
      `| ${r.fault} | ${r.stations} | ${c.sessions} | ${c.samples} | ${c.cdrs} | ${c.lost} | ${c.duplicated} | ${c.energyMismatches} | ${c.givenUp} | ${c.unansweredCalls - r.timeouts} | ${r.timeouts} | ${c.callErrors} | ${(r.outageMs / 1000).toFixed(1)} | ${r.recoveryMs === null ? 'never' : (r.recoveryMs / 1000).toFixed(1)} |`,
    );
  }
  lines.push(
    '',
    '"CALLs lost with a connection": CALLs in flight when their connection dropped (a killed gateway); the stations sent the transaction',
    'messages among them again. "outage": from the fault until the restart completed. "recovery": from the fault until every transaction',
    'message outstanding then or sent in its first 5 s was accepted. CALLERRORs by action and code (transaction messages are retried',
    'by the stations, as OCPP 1.6 §4.10 / 2.0.1 E13 allow; a CALLERROR on any other action fails the round):',
    '',
  );
  for (const r of run.rounds) {
    const errors = Object.entries(r.counts.callErrorsByActionCode).map(([k, n]) => `${k} × ${n}`);
    lines.push(`- ${r.fault}: ${errors.length ? errors.join(', ') : 'none'}${roundPassed(r.counts) ? '' : ' — FAILED'}`);
    for (const p of r.counts.problems) lines.push(`  - ${p}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeReport(run: FaultRun, mdFile: string, jsonFile: string): void {
  mkdirSync(dirname(mdFile), { recursive: true });
  writeFileSync(mdFile, renderMarkdown(run));
  writeFileSync(jsonFile, `${JSON.stringify(run, null, 2)}\n`);
}
