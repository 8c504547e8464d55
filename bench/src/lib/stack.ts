/** The real Voltlane processes for a scenario: gateway(s) and services from tmp/bench-dist. */
import { hashSecret, type ScryptCost } from '@voltlane/security';
import { Topics } from '@voltlane/contracts';
import { RedisBootStatusStore, RedisStationCredentialStore, createKafka, deleteTopics, ensureTopics } from '@voltlane/messaging';
import { Client } from 'pg';
import { ServerProcess, freePort, infraPids, log, pollUntil, sleep } from './proc';

/** Topics of one isolated stack (TOPIC_SUFFIX), created up front with every partition led. */
export async function ensureSuffixTopics(brokers: string, suffix: string): Promise<void> {
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench-admin' });
  const topics = Object.values(Topics).map((t) => `${t}${suffix}`);
  await ensureTopics(
    kafka,
    topics.map((topic) => ({ topic, numPartitions: 12 })),
    { timeoutMs: 60_000 },
  );
  await sleep(500);
}

/** The TOPIC_SUFFIX of a scenario's stack (its topics, schemas and process names): `_bench_<runId>_<scenario>`. */
export function scenarioSuffix(ctx: RunContext, scenario: string): string {
  return `_bench_${ctx.runId}_${scenario}`;
}

/** Deletes every topic this run made (their names carry `_bench_<runId>_`), so runs do not pile up in the broker. */
export async function deleteRunTopics(ctx: RunContext): Promise<void> {
  const kafka = createKafka({ brokers: ctx.kafkaBrokers.split(','), clientId: 'bench-admin' });
  const admin = kafka.admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.includes(`_bench_${ctx.runId}_`));
  await admin.disconnect();
  await deleteTopics(kafka, mine, { timeoutMs: 30_000 });
}

/** The Kafka, Redis and PostgreSQL server processes of this run (by the ports in its URLs), for CPU sampling. */
export async function infraProcesses(
  ctx: RunContext,
  which: ('kafka' | 'redis' | 'postgres')[] = ['kafka', 'redis', 'postgres'],
): Promise<{ name: string; pid: number; tree: boolean }[]> {
  const port = (url: string): number => Number(/:(\d+)(?:\/|$)/.exec(url.split(',')[0])?.[1]);
  const ports = { kafka: port(ctx.kafkaBrokers), redis: port(ctx.redisUrl), postgres: port(ctx.databaseUrl) };
  return infraPids(Object.fromEntries(which.map((w) => [w, ports[w]])));
}

export const STATION_PASSWORD = 'bench-station-password-0001';
/**
 * scrypt cost of the bench stations' password hashes. Production hashes use N=16384 (~50 ms of
 * CPU each); the gateway verifies each station once and then caches it, so with tens of
 * thousands of distinct stations connecting at once the default cost would measure scrypt, not
 * the gateway. Bench stations only: N=16, r=8, p=1.
 */
export const BENCH_SCRYPT_COST: ScryptCost = { N: 16, r: 8, p: 1 };

export interface RunContext {
  runId: string;
  logDir: string;
  outDir: string;
  quick: boolean;
  kafkaBrokers: string;
  redisUrl: string;
  databaseUrl: string;
  /** Station ids: `${prefix}${n}`. */
  prefix: string;
  provisioned: number;
  cpuProfile: boolean;
}

/** Credentials (profile 1, Basic) and boot status Accepted for stations [0, count). */
export async function provisionStations(ctx: RunContext, count: number): Promise<void> {
  if (ctx.provisioned >= count) return;
  const credentials = new RedisStationCredentialStore(ctx.redisUrl, 'bench');
  const boot = new RedisBootStatusStore(ctx.redisUrl, 'bench');
  const passwordHash = await hashSecret(STATION_PASSWORD, BENCH_SCRYPT_COST);
  const started = performance.now();
  try {
    let next = ctx.provisioned;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const stationId = `${ctx.prefix}${next++}`;
        await credentials.put({ stationId, securityProfile: 1, passwordHash });
        await boot.set(stationId, 'Accepted');
      }
    };
    await Promise.all(Array.from({ length: 256 }, () => worker()));
  } finally {
    await Promise.all([credentials.close(), boot.close()]);
  }
  log(`provisioned stations ${ctx.provisioned}..${count - 1} in ${Math.round(performance.now() - started)} ms`);
  ctx.provisioned = count;
}

export async function unprovisionStations(ctx: RunContext): Promise<void> {
  const credentials = new RedisStationCredentialStore(ctx.redisUrl, 'bench');
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ctx.provisioned) await credentials.remove(`${ctx.prefix}${next++}`);
    };
    await Promise.all(Array.from({ length: 256 }, () => worker()));
  } finally {
    await credentials.close();
  }
}

export function infraEnv(ctx: RunContext, suffix: string): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: ctx.kafkaBrokers,
    REDIS_URL: ctx.redisUrl,
    DATABASE_URL: ctx.databaseUrl,
    TOPIC_SUFFIX: suffix,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
}

export interface GatewayHandle {
  proc: ServerProcess;
  port: number;
  opsPort: number;
  url: string;
  env: NodeJS.ProcessEnv;
}

/** The compiled gateway, profile 1 (Basic auth), boot gate on, Heartbeat answered locally. */
export async function startGateway(
  ctx: RunContext,
  name: string,
  suffix: string,
  extraEnv: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): Promise<GatewayHandle> {
  const port = await freePort();
  const opsPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...infraEnv(ctx, suffix),
    OCPP_PORT: String(port),
    OCPP_HOST: '127.0.0.1',
    GATEWAY_OPS_PORT: String(opsPort),
    GATEWAY_OPS_HOST: '127.0.0.1',
    GATEWAY_INSTANCE_ID: `${name}-${ctx.runId}`,
    OCPP_SECURITY_PROFILE: '1',
    OCPP_PROTOCOLS: 'ocpp2.1,ocpp2.0.1,ocpp1.6',
    OCPP_ALLOW_UNKNOWN_STATIONS: 'false',
    GATEWAY_REQUIRE_BOOT_ACCEPTED: 'true',
    GATEWAY_LOCAL_HEARTBEAT: 'true',
    ...extraEnv,
  };
  const handle = await launchGateway(ctx, name, env, port, opsPort, nodeArgs);
  return handle;
}

export async function launchGateway(
  ctx: RunContext,
  name: string,
  env: NodeJS.ProcessEnv,
  port: number,
  opsPort: number,
  nodeArgs: string[] = [],
): Promise<GatewayHandle> {
  const proc = ServerProcess.app(name, 'ocpp-gateway', env, ctx.logDir, nodeArgs);
  await pollUntil(
    async () => {
      if (proc.exited) throw new Error(`gateway ${name} exited with ${proc.exitCode}; see ${proc.logFile}`);
      try {
        const res = await fetch(`http://127.0.0.1:${opsPort}/health/ready`, { signal: AbortSignal.timeout(1_000) });
        return res.ok;
      } catch {
        return false;
      }
    },
    60_000,
    `gateway ${name} ready`,
  );
  return { proc, port, opsPort, url: `ws://127.0.0.1:${port}/ocpp`, env };
}

export type ServiceName = 'station' | 'customer' | 'session' | 'metering' | 'billing' | 'energy';

/**
 * The schema (also consumer group and instance id) of a service of this run; its API keys live
 * in `<schema>_iam`. PostgreSQL identifiers are at most 63 bytes: short but unique per run.
 */
export function serviceSchema(ctx: RunContext, service: ServiceName, suffix: string): string {
  return `bench_${service}_${ctx.runId.replace(/\D/g, '').slice(-8)}_${suffix.slice(suffix.lastIndexOf('_') + 1)}`.toLowerCase();
}

/** Drops schemas of this run (CASCADE) on the run's PostgreSQL server. */
export async function dropSchemas(ctx: RunContext, schemas: string[]): Promise<void> {
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Compiled services as processes, with their own schema, group and instance ids for this run. */
export async function startServices(
  ctx: RunContext,
  names: ServiceName[],
  suffix: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ServerProcess[]> {
  // Create the run's topics first: services creating them concurrently race on metadata.
  await ensureSuffixTopics(ctx.kafkaBrokers, suffix);
  const apiPorts = await Promise.all(names.map(() => freePort()));
  const procs = names.map((s, i) => {
    const S = s.toUpperCase();
    const id = serviceSchema(ctx, s, suffix);
    return ServerProcess.app(
      `${s}-service${suffix}`,
      `${s}-service`,
      {
        ...infraEnv(ctx, suffix),
        // Each service's operator API on its own loopback port and key schema (not 8080 / iam).
        API_PORT: String(apiPorts[i]),
        API_HOST: '127.0.0.1',
        API_KEYS_DB_SCHEMA: `${id}_iam`,
        [`${S}_SERVICE_DB_SCHEMA`]: id,
        [`${S}_SERVICE_GROUP_ID`]: id,
        [`${S}_SERVICE_INSTANCE_ID`]: id,
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        ...extraEnv,
      },
      ctx.logDir,
    );
  });
  await Promise.all(
    procs.map((p, i) =>
      pollUntil(
        () => {
          if (p.exited) throw new Error(`${p.name} exited with ${p.exitCode}; see ${p.logFile}`);
          return p.logText().includes(`${names[i]}-service started`);
        },
        120_000,
        `${p.name} started`,
        500,
      ),
    ),
  )
    .then(async () => {
      // A service can still fail after logging "started" (e.g. its operator API): give it a moment.
      await sleep(6_000);
      const dead = procs.find((p) => p.exited);
      if (dead) throw new Error(`${dead.name} exited with ${dead.exitCode} after starting; see ${dead.logFile}`);
    })
    .catch(async (error: unknown) => {
      await Promise.all(procs.map((p) => p.stop('SIGTERM', 20_000)));
      throw error;
    });
  return procs;
}

/** A scenario's stations provisioned and services started (gateways come next), under the scenario's suffix. */
export async function startScenarioServices(
  ctx: RunContext,
  scenario: string,
  stations: number,
  names: ServiceName[],
): Promise<{ suffix: string; services: ServerProcess[] }> {
  const suffix = scenarioSuffix(ctx, scenario);
  await provisionStations(ctx, stations);
  return { suffix, services: await startServices(ctx, names, suffix) };
}

/** Scrapes a few gateway figures from /metrics. */
export async function gatewayMetrics(opsPort: number): Promise<Record<string, number>> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || !line.startsWith('voltlane_gateway')) continue;
      const m = /^(\S+)\s+([0-9.eE+-]+|NaN)$/.exec(line);
      if (m && !m[1].includes('_bucket')) out[m[1]] = Number(m[2]);
    }
    return out;
  } catch {
    return {};
  }
}
