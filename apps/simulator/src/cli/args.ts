import { parseArgs } from 'node:util';
import { isOcppVersion, type OcppVersion } from '@voltlane/ocpp';
import { SUPPORTED_MEASURANDS_2X } from '../station/device-model';
import type { Phases } from '../station/meter';
import type { StationTimings } from '../station/station-options';

export type ProtocolChoice = OcppVersion | 'mixed';
export type SecurityProfile = 0 | 1 | 2 | 3;

/** Everything the CLI can set, validated and typed. */
export interface SimulatorOptions extends StationTimings {
  stations: number;
  protocol: ProtocolChoice;
  url: string;
  idPrefix: string;
  startIndex: number;
  password: string | undefined;
  securityProfile: SecurityProfile;
  tls: { caFile?: string; certFile?: string; keyFile?: string; insecure: boolean };
  connectors: number;
  maxKw: number;
  /** Most current per phase of the vehicles, A (undefined: max-kw over three phases). */
  maxCurrentA: number | undefined;
  /** Share of sessions with a 1-phase vehicle (0–1). */
  onePhaseShare: number;
  /** Vehicle phases per connector, over the fleet's connectors in order (cycled); undefined = by onePhaseShare. */
  vehiclePhases: Phases[] | undefined;
  /** Measurands of periodic samples (undefined = the station's default). */
  sampledMeasurands: string[] | undefined;
  batteryKwh: number;
  sessionSeconds: number;
  sessionsPerHour: number;
  sessionShare: number;
  transactionAttempts: number;
  transactionRetryMs: number;
  /** On exit (--duration, SIGTERM), end running sessions with their stop messages first. */
  endSessionsOnExit: boolean;
  /** Append every frame sent and received to this file (tab-separated: ms, in|out, station, frame). */
  frameLog: string | undefined;
  rampPerSecond: number;
  durationS: number | undefined;
  summaryJson: string | undefined;
  quiet: boolean;
  progressIntervalS: number;
  validate: boolean;
  help: boolean;
}

/** A bad command line; `flag` names the offending option. The CLI exits with code 2. */
export class ArgsError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'ArgsError';
  }
}

const OPTIONS = {
  stations: { type: 'string', default: '1' },
  protocol: { type: 'string', default: 'ocpp1.6' },
  url: { type: 'string', default: 'ws://localhost:9000/ocpp' },
  'id-prefix': { type: 'string', default: 'sim' },
  'start-index': { type: 'string', default: '1' },
  password: { type: 'string' },
  'security-profile': { type: 'string' },
  'ca-file': { type: 'string' },
  'cert-file': { type: 'string' },
  'key-file': { type: 'string' },
  insecure: { type: 'boolean', default: false },
  connectors: { type: 'string', default: '2' },
  'max-kw': { type: 'string', default: '22' },
  'max-current-a': { type: 'string' },
  'one-phase-share': { type: 'string', default: '0' },
  'vehicle-phases': { type: 'string' },
  'sampled-measurands': { type: 'string' },
  'battery-kwh': { type: 'string', default: '60' },
  'session-seconds': { type: 'string', default: '1800' },
  'sessions-per-hour': { type: 'string', default: '1' },
  'session-share': { type: 'string', default: '0.5' },
  'sample-interval': { type: 'string', default: '60' },
  'aligned-interval': { type: 'string', default: '900' },
  'heartbeat-interval': { type: 'string', default: '300' },
  'call-timeout-ms': { type: 'string', default: '30000' },
  'reconnect-min-ms': { type: 'string', default: '1000' },
  'reconnect-max-ms': { type: 'string', default: '60000' },
  'boot-on-reconnect': { type: 'boolean', default: false },
  'transaction-attempts': { type: 'string', default: '3' },
  'transaction-retry-ms': { type: 'string', default: '30000' },
  'end-sessions-on-exit': { type: 'boolean', default: false },
  'frame-log': { type: 'string' },
  ramp: { type: 'string', default: '500' },
  duration: { type: 'string' },
  'summary-json': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'progress-interval': { type: 'string', default: '10' },
  validate: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const USAGE = `Usage: npm run simulate -- [options]

  --stations <n>            stations to simulate (default 1)
  --protocol <p>            ocpp1.6 | ocpp2.0.1 | ocpp2.1 | mixed (default ocpp1.6)
  --url <ws-url>            CSMS endpoint; the station id is appended (default ws://localhost:9000/ocpp)
  --id-prefix <s>           station ids are <prefix>-<n> (default sim)
  --start-index <n>         first <n> (default 1); lets several processes share a fleet
  --password <s>            Basic-auth password (same for all stations; none if omitted)
  --security-profile <0-3>  0 none, 1 Basic auth, 2 TLS + Basic auth, 3 TLS client certificate
  --ca-file, --cert-file, --key-file <path>, --insecure   TLS settings (profiles 2 and 3)
  --connectors <n>          connectors (1.6) / EVSEs (2.x) per station (default 2)
  --max-kw <kW>             vehicle/connector maximum power (default 22)
  --max-current-a <A>       vehicle maximum current per phase (default max-kw / (230 V x 3))
  --one-phase-share <0-1>   share of sessions whose vehicle charges on one phase, L1 (default 0)
  --vehicle-phases <list>   phases (1 or 3) of the vehicles on each connector, e.g. 1,3,3: given to
                            station 1's connectors, then station 2's, ..., repeating the list;
                            wins over --one-phase-share
  --battery-kwh <kWh>       vehicle battery size (default 60)
  --session-seconds <s>     mean session length (default 1800)
  --sessions-per-hour <n>   new sessions per charging station per hour (default 1)
  --session-share <0-1>     fraction of stations that charge at all (default 0.5)
  --sample-interval <s>     periodic meter samples during a session (default 60)
  --sampled-measurands <l>  their measurands, comma-separated (default Energy.Active.Import.Register,
                            Power.Active.Import,SoC); Current.Import is sent per phase L1, L2, L3
  --aligned-interval <s>    clock-aligned meter samples, 0 = off (default 900)
  --heartbeat-interval <s>  heartbeat when no Boot answer gave one (default 300)
  --call-timeout-ms <ms>    CALL timeout (default 30000)
  --reconnect-min-ms <ms>, --reconnect-max-ms <ms>   back-off bounds (default 1000, 60000)
  --boot-on-reconnect       send BootNotification after every reconnect
  --transaction-attempts <n>   sends of a transaction message in all after CALLERRORs / time-outs (default 3)
  --transaction-retry-ms <ms>  wait before the n-th retry: n × this (default 30000)
  --end-sessions-on-exit    on exit, end running sessions with StopTransaction / TransactionEvent Ended
  --frame-log <file>        append every frame sent/received: <ms>\t<in|out>\t<station>\t<frame>
  --ramp <n>                connections opened per second (default 500)
  --duration <s>            stop after this long and print a JSON summary
  --summary-json <file>     also write the summary to <file>
  --quiet                   no progress output
  --progress-interval <s>   seconds between progress lines when stdout is not a TTY (default 10)
  --validate                schema-validate every outgoing payload (counts violations)
  -h, --help                this text
`;

type Raw = ReturnType<typeof read>;

function read(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'arguments';
    throw new ArgsError(flag, message);
  }
}

function int(raw: Raw, name: keyof typeof OPTIONS, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(raw[name]);
  if (!/^-?\d+$/.test(text.trim())) throw new ArgsError(`--${name}`, `expected an integer, got '${text}'`);
  const value = Number(text);
  if (value < min || value > max) throw new ArgsError(`--${name}`, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function num(raw: Raw, name: keyof typeof OPTIONS, min: number, max = Number.MAX_VALUE, exclusiveMin = false): number {
  const text = String(raw[name]);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new ArgsError(`--${name}`, `expected a number, got '${text}'`);
  if (value < min || value > max || (exclusiveMin && value === min)) {
    throw new ArgsError(
      `--${name}`,
      `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}${max < Number.MAX_VALUE ? ` and at most ${max}` : ''}, got ${value}`,
    );
  }
  return value;
}

function phasesList(raw: Raw): Phases[] | undefined {
  const text = raw['vehicle-phases'];
  if (text === undefined) return undefined;
  const items = text.split(',').map((p) => p.trim());
  if (items.length === 0 || items.some((p) => p !== '1' && p !== '3')) {
    throw new ArgsError('--vehicle-phases', `expected a comma-separated list of 1 and 3, got '${text}'`);
  }
  return items.map((p) => Number(p) as Phases);
}

function measurandList(raw: Raw): string[] | undefined {
  const text = raw['sampled-measurands'];
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  const supported: readonly string[] = SUPPORTED_MEASURANDS_2X;
  const bad = items.find((m) => !supported.includes(m));
  if (bad !== undefined || items.length === 0) {
    throw new ArgsError('--sampled-measurands', `expected a comma-separated list of ${supported.join(', ')}, got '${text}'`);
  }
  return items;
}

function protocolOf(text: string): ProtocolChoice {
  if (text === 'mixed' || isOcppVersion(text)) return text;
  throw new ArgsError('--protocol', `expected ocpp1.6, ocpp2.0.1, ocpp2.1 or mixed, got '${text}'`);
}

/** Parses the command line (without `node script`); throws ArgsError naming the bad flag. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorOptions {
  const raw = read(argv);
  const url = String(raw.url);
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new ArgsError('--url', `not a URL: '${url}'`);
  }
  if (parsedUrl.protocol !== 'ws:' && parsedUrl.protocol !== 'wss:') {
    throw new ArgsError('--url', `expected a ws:// or wss:// URL, got '${url}'`);
  }
  const idPrefix = String(raw['id-prefix']);
  if (!/^[A-Za-z0-9._-]{1,30}$/.test(idPrefix)) {
    throw new ArgsError('--id-prefix', `use 1-30 letters, digits, '.', '_' or '-', got '${idPrefix}'`);
  }
  const password = raw.password;
  const securityProfile = (
    raw['security-profile'] === undefined ? (password ? 1 : 0) : int(raw, 'security-profile', 0, 3)
  ) as SecurityProfile;
  if ((securityProfile === 1 || securityProfile === 2) && !password) {
    throw new ArgsError('--password', `security profile ${securityProfile} needs a Basic-auth password`);
  }
  if (securityProfile >= 2 && parsedUrl.protocol !== 'wss:') {
    throw new ArgsError('--url', `security profile ${securityProfile} needs a wss:// URL`);
  }
  if (securityProfile === 3 && (!raw['cert-file'] || !raw['key-file'])) {
    throw new ArgsError('--cert-file', 'security profile 3 needs --cert-file and --key-file');
  }
  const reconnectMinMs = int(raw, 'reconnect-min-ms', 1);
  const reconnectMaxMs = int(raw, 'reconnect-max-ms', 1);
  if (reconnectMaxMs < reconnectMinMs) {
    throw new ArgsError('--reconnect-max-ms', `must not be below --reconnect-min-ms (${reconnectMinMs}), got ${reconnectMaxMs}`);
  }
  const stations = int(raw, 'stations', 1, 1_000_000);
  const startIndex = int(raw, 'start-index', 0);
  // 2.x identities are identifierStrings of at most 48 characters.
  if (`${idPrefix}-${startIndex + stations - 1}`.length > 48) throw new ArgsError('--id-prefix', 'station ids would exceed 48 characters');
  return {
    stations,
    protocol: protocolOf(String(raw.protocol)),
    url: url.replace(/\/+$/, ''),
    idPrefix,
    startIndex,
    password,
    securityProfile,
    tls: {
      ...(raw['ca-file'] ? { caFile: raw['ca-file'] } : {}),
      ...(raw['cert-file'] ? { certFile: raw['cert-file'] } : {}),
      ...(raw['key-file'] ? { keyFile: raw['key-file'] } : {}),
      insecure: raw.insecure === true,
    },
    connectors: int(raw, 'connectors', 1, 16),
    maxKw: num(raw, 'max-kw', 0, 1000, true),
    maxCurrentA: raw['max-current-a'] === undefined ? undefined : num(raw, 'max-current-a', 0, 1000, true),
    onePhaseShare: num(raw, 'one-phase-share', 0, 1),
    vehiclePhases: phasesList(raw),
    sampledMeasurands: measurandList(raw),
    batteryKwh: num(raw, 'battery-kwh', 0, 1000, true),
    sessionSeconds: num(raw, 'session-seconds', 0, 7 * 24 * 3600, true),
    sessionsPerHour: num(raw, 'sessions-per-hour', 0, 3600),
    sessionShare: num(raw, 'session-share', 0, 1),
    sampleIntervalS: num(raw, 'sample-interval', 0, 86_400, true),
    alignedIntervalS: num(raw, 'aligned-interval', 0, 86_400),
    heartbeatFallbackS: int(raw, 'heartbeat-interval', 1, 86_400),
    callTimeoutMs: int(raw, 'call-timeout-ms', 10),
    reconnectMinMs,
    reconnectMaxMs,
    bootOnReconnect: raw['boot-on-reconnect'] === true,
    transactionAttempts: int(raw, 'transaction-attempts', 1, 1_000),
    transactionRetryMs: int(raw, 'transaction-retry-ms', 1),
    endSessionsOnExit: raw['end-sessions-on-exit'] === true,
    frameLog: raw['frame-log'],
    rampPerSecond: int(raw, 'ramp', 1),
    durationS: raw.duration === undefined ? undefined : num(raw, 'duration', 0, Number.MAX_VALUE, true),
    summaryJson: raw['summary-json'],
    quiet: raw.quiet === true,
    progressIntervalS: num(raw, 'progress-interval', 0, 86_400, true),
    validate: raw.validate === true,
    help: raw.help === true,
  };
}
