/** Messages between the orchestrator and the load-generator processes (IPC). */
import type { HistogramJson } from './histogram';

export interface ConnectCommand {
  cmd: 'connect';
  url: string;
  prefix: string;
  start: number;
  count: number;
  /** Basic-auth password (the user is the station id); none for the baselines. */
  password?: string;
  /** Source addresses to spread connections over (127.0.0.x). */
  localAddresses: string[];
  /** Handshakes in flight at once. */
  concurrency: number;
  /** Send a BootNotification after every (re)connect and wait for Accepted. */
  boot: boolean;
  /** Reconnect with jittered exponential back-off when a socket closes. */
  reconnect?: { minMs: number; maxMs: number };
  timeoutMs: number;
}

/**
 * An action of a mix. MeterValues carries the station's transaction (when it has one);
 * StartTransaction remembers the returned transactionId, StopTransaction ends it.
 */
export type MixEntry = {
  action: 'Heartbeat' | 'Authorize' | 'MeterValues' | 'StatusNotification' | 'StartTransaction' | 'StopTransaction';
  weight: number;
};

export interface BurstCommand {
  cmd: 'burst';
  /** CALLs each connection sends one after another (the next when the previous is answered). */
  perConnection: number;
  mix: MixEntry[];
  timeoutMs: number;
}

export interface RateCommand {
  cmd: 'rate';
  /** CALLs per second offered by this process (spread over its idle stations). */
  rate: number;
  durationMs: number;
  mix: MixEntry[];
}

export interface FleetCommand {
  cmd: 'fleet';
  durationMs: number;
  heartbeatMs: number;
  meterMs: number;
  sessionShare: number;
}

/**
 * Every open station without a transaction sends one StartTransaction (connectorId 1, idTag
 * TAG<n % 1000>, meterStart, timestamp) and remembers the returned transactionId. Answers with
 * 'result' (answered = transactions started).
 */
export interface StartTransactionsCommand {
  cmd: 'startTransactions';
  /** StartTransactions in flight at once in this process. */
  concurrency: number;
  timeoutMs: number;
}

/**
 * Boot storm: stations [start, start + count) connect, each sends a BootNotification, a
 * StatusNotification per connector, then one StartTransaction, one after another; `concurrency`
 * stations at once. Every CALL is sent once (no retry); a station that fails a step stops there.
 * The stations stay connected afterwards. Answers with 'storm'.
 */
export interface StormCommand extends Pick<
  ConnectCommand,
  'url' | 'prefix' | 'start' | 'count' | 'password' | 'localAddresses' | 'concurrency'
> {
  cmd: 'storm';
  connectors: number[];
  /** Per CALL and per handshake. */
  callTimeoutMs: number;
  timeoutMs: number;
}

export interface StormSummary {
  elapsedMs: number;
  /** Stations through every step. */
  completed: number;
  /** Stations that stopped at a step, by step (e.g. `connect ECONNRESET`, `BootNotification timeout`). */
  failedByStep: Record<string, number>;
  /** Per step (`connect` = WebSocket handshake) and `station` (first handshake → StartTransaction answered). */
  byAction: Record<string, HistogramJson>;
}

export type LoadCommand =
  | ConnectCommand
  | BurstCommand
  | RateCommand
  | FleetCommand
  | StartTransactionsCommand
  | StormCommand
  | { cmd: 'status' }
  | { cmd: 'resetStats' }
  | { cmd: 'exit' };

export interface LoadStatus {
  open: number;
  booted: number;
  connects: number;
  closes: number;
  /** Handshakes refused / failed (ECONNREFUSED while a server restarts, 5xx, 401). */
  handshakeFailures: number;
  handshakeFailuresByReason: Record<string, number>;
  /** CALLERRORs received, CALLs not answered in time, boots not Accepted. */
  callErrors: number;
  callErrorsByCode: Record<string, number>;
  timeouts: number;
  rss: number;
}

/** What a load process counts itself; a snapshot adds what it reads at the time (open, booted, rss). */
export type LoadCounters = Omit<LoadStatus, 'open' | 'booted' | 'rss'>;

/** Counters at zero: a fresh load process, a reset, the start of a sum. */
export function zeroCounters(): LoadCounters {
  return {
    connects: 0,
    closes: 0,
    handshakeFailures: 0,
    handshakeFailuresByReason: {},
    callErrors: 0,
    callErrorsByCode: {},
    timeouts: 0,
  };
}

export interface CallResultSummary {
  sent: number;
  answered: number;
  elapsedMs: number;
  /** Offered but not sent because every station of the process had a CALL outstanding. */
  skipped: number;
  histogram: HistogramJson;
  byAction?: Record<string, HistogramJson>;
}

export type LoadEvent =
  | { ev: 'ready' }
  | { ev: 'connected'; status: LoadStatus; elapsedMs: number }
  | { ev: 'status'; status: LoadStatus }
  | { ev: 'result'; status: LoadStatus; result: CallResultSummary }
  | { ev: 'storm'; status: LoadStatus; storm: StormSummary }
  | { ev: 'error'; message: string };
