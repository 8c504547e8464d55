import type { FleetStats } from './fleet-stats';

export interface RunSummary {
  durationS: number;
  stations: number;
  protocol: string;
  connected: number;
  booted: number;
  sessions: { active: number; started: number; finished: number; refused: number };
  messages: { sent: number; received: number; sentPerS: number; receivedPerS: number };
  calls: { sent: number; received: number };
  latencyMs: { count: number; mean: number; p50: number; p95: number; p99: number; max: number };
  process: { rssMb: number; heapUsedMb: number };
  errors: {
    callErrorsReceived: number;
    callErrorsSent: number;
    timeouts: number;
    transactionRetries: number;
    reconnects: number;
    connectFailures: number;
    bootPending: number;
    bootRejected: number;
    validationErrors: number;
  };
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The JSON summary printed at the end of a run (and written to --summary-json). */
export function summarize(stats: FleetStats, stations: number, protocol: string, elapsedMs: number): RunSummary {
  const seconds = Math.max(0.001, elapsedMs / 1000);
  const l = stats.latency;
  return {
    durationS: round(seconds),
    stations,
    protocol,
    connected: stats.connected,
    booted: stats.booted,
    sessions: {
      active: stats.sessionsActive,
      started: stats.sessionsStarted,
      finished: stats.sessionsFinished,
      refused: stats.sessionsRefused,
    },
    messages: {
      sent: stats.framesSent,
      received: stats.framesReceived,
      sentPerS: round(stats.framesSent / seconds),
      receivedPerS: round(stats.framesReceived / seconds),
    },
    calls: { sent: stats.callsSent, received: stats.callsReceived },
    latencyMs: {
      count: l.count,
      mean: round(l.mean),
      p50: round(l.percentile(50)),
      p95: round(l.percentile(95)),
      p99: round(l.percentile(99)),
      max: round(l.max),
    },
    process: { rssMb: round(process.memoryUsage().rss / 2 ** 20, 1), heapUsedMb: round(process.memoryUsage().heapUsed / 2 ** 20, 1) },
    errors: {
      callErrorsReceived: stats.callErrorsReceived,
      callErrorsSent: stats.callErrorsSent,
      timeouts: stats.timeouts,
      transactionRetries: stats.transactionRetries,
      reconnects: stats.reconnects,
      connectFailures: stats.connectFailures,
      bootPending: stats.bootPending,
      bootRejected: stats.bootRejected,
      validationErrors: stats.validationErrors,
    },
  };
}
