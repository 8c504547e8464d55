/**
 * Scenario 3's three systems, each started on the run's PostgreSQL server and stopped with what
 * it made (schemas, data directory):
 *
 *   allinone     the compiled all-in-one process (in-process adapters) on an external database
 *   distributed  gateway + station, customer, session, metering, billing and energy services as
 *                processes on Kafka, Redis and PostgreSQL
 *   monolith     bench/src/servers/monolith-server.ts: ws + pg, one statement per CALL
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, childPids, freePort, log, pollUntil, readProc } from '../../lib/proc';
import { KafkaLegProbe } from '../../lib/kafka-probe';
import {
  STATION_PASSWORD,
  dropSchemas,
  infraProcesses,
  provisionStations,
  scenarioSuffix,
  serviceSchema,
  startGateway,
  startServices,
  type GatewayHandle,
  type RunContext,
  type ServiceName,
} from '../../lib/stack';

export type SystemName = 'allinone' | 'distributed' | 'monolith';
export const SYSTEM_NAMES: readonly SystemName[] = ['allinone', 'distributed', 'monolith'];

export interface Sampled {
  name: string;
  pid: number;
  tree?: boolean;
}

export interface SystemHandle {
  name: SystemName;
  /** ws://127.0.0.1:<port>/ocpp (stations append /<id>). */
  url: string;
  /** Basic-auth password of the stations (distributed: security profile 1); none on profile 0. */
  password?: string;
  /** Station ids are `${prefix}${n}`: a prefix per system, so each starts from empty rows. */
  prefix: string;
  /** The system's own processes and the infrastructure servers it uses (CPU is summed over these). */
  processes: Sampled[];
  /** Node process to CPU-profile with --profile (it was started with --inspect). */
  inspect?: { name: string; port: number };
  /** Kafka leg probe (distributed, only with --profile: its consumer would add to Kafka's CPU). */
  probe?: KafkaLegProbe;
  /** Makes stations [0, count) of the prefix able to connect (distributed: credentials and boot status in Redis). */
  provision(count: number): Promise<void>;
  /** What the report should say about how this system ran. */
  notes: string[];
  /** Why the system can no longer be measured (a process exited or was told to stop), if so. */
  failure(): string | undefined;
  stop(): Promise<void>;
}

const runTag = (ctx: RunContext): string => ctx.runId.replace(/\D/g, '').slice(-10);

const exited = (procs: ServerProcess[]): string | undefined => {
  const dead = procs.find((p) => p.exited);
  return dead ? `${dead.name} exited with ${dead.exitCode ?? 'a signal'}; see ${dead.logFile}` : undefined;
};

/** The infrastructure servers' processes (by their listening ports); every one must be found, or its CPU would be missing. */
async function infraFor(ctx: RunContext, which: ('kafka' | 'redis' | 'postgres')[]): Promise<Sampled[]> {
  const found = await infraProcesses(ctx, which);
  const missing = which.filter((w) => !found.some((f) => f.name === w));
  if (missing.length) throw new Error(`no process listening for ${missing.join(', ')} (ss -ltnp): cannot count its CPU`);
  return found;
}

/** An infrastructure server restarted (by something else on the machine): its CPU would be lost from the sums. */
const infraGone = (infra: Sampled[]): string | undefined => {
  const gone = infra.find((p) => readProc(p.pid) === null);
  return gone ? `${gone.name} (pid ${gone.pid}) stopped or was restarted during the run; its CPU cannot be counted` : undefined;
};

export async function startSystem(ctx: RunContext, name: SystemName): Promise<SystemHandle> {
  switch (name) {
    case 'monolith':
      return startMonolith(ctx);
    case 'allinone':
      return startAllInOne(ctx);
    case 'distributed':
      return startDistributed(ctx);
  }
}

/** "PostgreSQL (postmaster + N children)": checks the backends are really under the sampled pid. */
export function describeInfra(processes: Sampled[]): string {
  return processes
    .filter((p) => p.tree)
    .map(
      (p) =>
        `${p.name} sampled as pid ${p.pid} with its ${childPids(p.pid).length} direct children (backends, background workers) and the CPU of children that exited`,
    )
    .join('; ');
}

async function startMonolith(ctx: RunContext): Promise<SystemHandle> {
  const schema = `bench_mono_${runTag(ctx)}`;
  const port = await freePort();
  let proc: ServerProcess;
  try {
    proc = await ServerProcess.baseline('monolith', port, ctx.logDir, [schema], { DATABASE_URL: ctx.databaseUrl });
  } catch (error) {
    await dropSchemas(ctx, [schema]).catch(() => undefined);
    throw error;
  }
  const infra = await infraFor(ctx, ['postgres']).catch(async (error: unknown) => {
    await proc.stop('SIGTERM', 10_000);
    await dropSchemas(ctx, [schema]).catch(() => undefined);
    throw error;
  });
  return {
    name: 'monolith',
    url: `ws://127.0.0.1:${port}/ocpp`,
    prefix: `${ctx.prefix}mono-`,
    processes: [{ name: 'monolith', pid: proc.pid }, ...infra],
    provision: async () => undefined,
    failure: () => exited([proc]) ?? infraGone(infra),
    notes: [`monolith: one Node process (ws, pg Pool max 10), schema ${schema} on the run's PostgreSQL, dropped afterwards.`],
    stop: async () => {
      await proc.stop('SIGTERM', 10_000);
      await dropSchemas(ctx, [schema]);
    },
  };
}

const ALLINONE_SERVICES = ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'];

async function startAllInOne(ctx: RunContext): Promise<SystemHandle> {
  const base = `bench_aio_${runTag(ctx)}`;
  const schemaEnv: Record<string, string> = {
    ...Object.fromEntries(ALLINONE_SERVICES.map((s) => [`${s.toUpperCase()}_SERVICE_DB_SCHEMA`, `${base}_${s}`])),
    API_KEYS_DB_SCHEMA: `${base}_iam`,
    DEAD_LETTERS_DB_SCHEMA: `${base}_ops`,
  };
  const schemas = Object.values(schemaEnv);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-allinone-'));
  const [ocppPort, apiPort] = [await freePort(), await freePort()];
  const inspectPort = ctx.cpuProfile ? await freePort() : undefined;
  const cleanUp = async (): Promise<void> => {
    await dropSchemas(ctx, schemas);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const proc = ServerProcess.app(
    'allinone',
    'allinone',
    {
      VOLTLANE_DATABASE_URL: ctx.databaseUrl,
      VOLTLANE_DATA_DIR: dataDir,
      OCPP_PORT: String(ocppPort),
      OCPP_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      ...schemaEnv,
      // The all-in-one's own defaults: this shell's Kafka and Redis are not its business.
      KAFKA_BROKERS: 'in-process:0',
      REDIS_URL: 'redis://in-process:0',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    },
    ctx.logDir,
    inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [],
    { entryAlias: `voltlane-bench-aio-${runTag(ctx)}` },
  );
  try {
    await pollUntil(
      () => {
        if (proc.exited) throw new Error(`allinone exited with ${proc.exitCode}; see ${proc.logFile}`);
        return proc.logText().includes('Voltlane is running');
      },
      180_000,
      'the all-in-one to start',
      250,
    );
  } catch (error) {
    await proc.stop('SIGTERM', 20_000);
    await cleanUp().catch(() => undefined);
    throw error;
  }
  log(`allinone: running on ws://127.0.0.1:${ocppPort}/ocpp, schemas ${base}_*`);
  const infra = await infraFor(ctx, ['postgres']).catch(async (error: unknown) => {
    await proc.stop('SIGTERM', 20_000);
    await cleanUp().catch(() => undefined);
    throw error;
  });
  return {
    name: 'allinone',
    url: `ws://127.0.0.1:${ocppPort}/ocpp`,
    prefix: `${ctx.prefix}aio-`,
    processes: [{ name: 'allinone', pid: proc.pid }, ...infra],
    ...(inspectPort ? { inspect: { name: 'allinone', port: inspectPort } } : {}),
    provision: async () => undefined,
    failure: () =>
      exited([proc]) ??
      (proc.logText().includes('"msg":"stopping"') ? 'allinone was sent a stop signal from outside the bench' : undefined) ??
      infraGone(infra),
    notes: [
      `allinone: tmp/bench-dist/apps/allinone/src/main.js on the run's PostgreSQL (VOLTLANE_DATABASE_URL; no embedded database), schemas ${base}_{${ALLINONE_SERVICES.join(',')},iam,ops}, dropped afterwards; its defaults otherwise (security profile 0, unknown stations accepted, Heartbeat answered by the gateway).`,
    ],
    stop: async () => {
      await proc.stop('SIGTERM', 30_000);
      await cleanUp();
    },
  };
}

const DISTRIBUTED_SERVICES: ServiceName[] = ['station', 'customer', 'session', 'metering', 'billing', 'energy'];

async function startDistributed(ctx: RunContext): Promise<SystemHandle> {
  const suffix = scenarioSuffix(ctx, 's3');
  const schemas = DISTRIBUTED_SERVICES.flatMap((s) => [serviceSchema(ctx, s, suffix), `${serviceSchema(ctx, s, suffix)}_iam`]);
  const services = await startServices(ctx, DISTRIBUTED_SERVICES, suffix);
  const inspectPort = ctx.cpuProfile ? await freePort() : undefined;
  let gw: GatewayHandle;
  let probe: KafkaLegProbe | undefined;
  try {
    gw = await startGateway(ctx, 's3-gateway', suffix, {}, inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []);
    if (ctx.cpuProfile) probe = await KafkaLegProbe.start(ctx.kafkaBrokers, suffix, `bench_probe_${ctx.runId}`);
  } catch (error) {
    await Promise.all(services.map((s) => s.stop('SIGTERM', 30_000)));
    throw error;
  }
  const gateway = gw;
  const infra = await infraFor(ctx, ['kafka', 'redis', 'postgres']).catch(async (error: unknown) => {
    await probe?.stop();
    await Promise.all([gateway.proc, ...services].map((p) => p.stop('SIGTERM', 30_000)));
    throw error;
  });
  return {
    name: 'distributed',
    url: gateway.url,
    password: STATION_PASSWORD,
    prefix: ctx.prefix,
    processes: [
      { name: 'gateway', pid: gateway.proc.pid },
      ...services.map((s) => ({ name: s.name.replace(suffix, ''), pid: s.pid })),
      ...infra,
    ],
    ...(inspectPort ? { inspect: { name: 'gateway', port: inspectPort } } : {}),
    ...(probe ? { probe } : {}),
    provision: (count) => provisionStations(ctx, count),
    failure: () => exited([gateway.proc, ...services]) ?? infraGone(infra),
    notes: [
      `distributed: gateway (security profile 1, Basic auth, boot gate on, Heartbeat answered by the gateway) and the station, customer, session, metering, billing and energy services as processes from tmp/bench-dist, topics suffixed ${suffix}, own schemas and consumer groups (schemas dropped afterwards). Stations are provisioned in Redis (credentials, boot status) before they connect, outside every timed window.`,
    ],
    stop: async () => {
      await probe?.stop();
      await gateway.proc.stop('SIGTERM', 30_000);
      await Promise.all(services.map((s) => s.stop('SIGTERM', 30_000)));
      await dropSchemas(ctx, schemas);
    },
  };
}
