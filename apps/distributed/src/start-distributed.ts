/**
 * `npm run start:distributed` as a module: the servers, then every app of the distributed
 * deployment as its own OS process from the build (`dist/`), ready when each answers
 * `/health/ready`. The command (main.ts) prints its output; a test passes its own environment,
 * ports and sink.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Env } from '@voltlane/config';
import type { OutputStream } from '@voltlane/process-kit';
import { resolveAdminKey, type AdminKey } from './admin-key';
import { AppFleet, type DistributedEnd } from './app-fleet';
import { planStack, type AppName, type AppPlan, type PortOverrides, type StackPlan } from './app-plan';
import { loadDistributedConfig, type DistributedConfig } from './distributed-config';
import { SERVER_VARIABLES, ensureServers } from './infra-servers';
import { createTopics, migrateServices } from './prepare-stack';

/** One line of output: of an app (or its migrations), of infra.sh (`infra`), or of the launcher (`launcher`). */
export interface OutputLine {
  source: AppName | 'infra' | 'launcher';
  stream: OutputStream;
  text: string;
}

export interface StartDistributedOptions {
  /** The launcher's settings, the servers, and every app's environment (default process.env). */
  env?: Env;
  /** Ports instead of the environment's. */
  ports?: PortOverrides;
  /** More environment per app, over everything else (e.g. OTEL_SERVICE_NAME). */
  appEnv?: Partial<Record<AppName, Env>>;
  /** Every output line (default: dropped). */
  logSink?: (line: OutputLine) => void;
  /** The build to run (default `<root>/dist`). */
  dist?: string;
}

export interface RunningApp {
  name: AppName;
  pid: number;
  /** Base URL of its `/health/live`, `/health/ready` and `/metrics`. */
  opsUrl: string;
}

export interface RunningDistributed {
  /** `ws://127.0.0.1:9000/ocpp`: stations connect to `<gatewayUrl>/<station-id>`. */
  gatewayUrl: string;
  /** The api-edge: `<apiUrl>/api/v1/…`, its merged OpenAPI document at `<apiUrl>/docs`. */
  apiUrl: string;
  securityProfiles: number[];
  adminKey: AdminKey;
  apps: RunningApp[];
  /** KAFKA_BROKERS, REDIS_URL and DATABASE_URL as the apps got them (they get all that infra.sh printed). */
  servers: Record<string, string>;
  /** Whether this start ran `deploy/local/infra.sh up` (its servers are left running). */
  ranInfraSh: boolean;
  /** Resolves once every app has exited: after stop(), or after one exited on its own (the rest are then stopped). */
  ended: Promise<DistributedEnd>;
  /** SIGTERM to every app at once; SIGKILL to any still running after the stop time-out. Idempotent. */
  stop(): Promise<DistributedEnd>;
  /** SIGKILL to every app now. */
  kill(): void;
}

/** Thrown by start() when stop() was called before every app was ready. */
export class StartCancelled extends Error {
  constructor() {
    super('the start was cancelled');
    this.name = 'StartCancelled';
  }
}

/** The repository root: the nearest folder up from `from` holding deploy/local/infra.sh. */
export function repositoryRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'deploy/local/infra.sh'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository root (deploy/local/infra.sh) above ${from}`);
  }
}

const READY_POLL_MS = 250;

/** Starts the stack; resolves when every app is ready. */
export function startDistributed(options: StartDistributedOptions = {}): Promise<RunningDistributed> {
  return new DistributedLauncher(options).start();
}

/** The launcher with stop() and kill() usable while it starts (the command's Ctrl-C). */
export class DistributedLauncher {
  private readonly env: Env;
  private readonly root = repositoryRoot();
  private readonly dist: string;
  private readonly config: DistributedConfig;
  private readonly fleet: AppFleet;
  private cancelled = false;

  constructor(private readonly options: StartDistributedOptions = {}) {
    this.env = options.env ?? process.env;
    this.dist = options.dist ?? resolve(this.root, 'dist');
    this.config = loadDistributedConfig(this.env);
    this.fleet = new AppFleet({
      root: this.root,
      dist: this.dist,
      stopTimeoutMs: this.config.stopTimeoutMs,
      onLine: (app, text, stream) => this.emit(app as AppName, text, stream),
      note: (text) => this.note(text),
    });
  }

  async start(): Promise<RunningDistributed> {
    const missing = ['scripts/register-paths.js', resolve(this.dist, 'apps/ocpp-gateway/src/main.js')].find(
      (file) => !existsSync(resolve(this.root, file)),
    );
    if (missing) throw new Error(`${missing} is missing: build first (npm run build)`);
    const plan = (env: Env, adminKey: string): StackPlan =>
      planStack({ env, config: this.config, adminKey, ...this.pick('ports', 'appEnv') });
    plan(this.env, ''); // a bad setting fails before anything is made or started
    const adminKey = resolveAdminKey(this.env, this.config.stateDir);
    const servers = await ensureServers(this.env, this.root, (line) => this.emit('infra', line, 'stderr'));
    const stack = plan({ ...servers.env, ...this.env }, adminKey.key);
    const serverEnv = pickServers(stack.apps[0].env);
    const startedAt = Date.now();
    const seconds = (): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
    const [gateway, ...rest] = stack.apps;
    const edge = rest.pop() as AppPlan;
    try {
      this.checkCancelled();
      this.note("creating the topics and running the services' migrations");
      const migrated = migrateServices(stack.apps, (app, text) => this.emit(app, text, 'stdout'));
      migrated.catch(() => undefined); // awaited below, maybe after the topics failed
      await createTopics(gateway.env);
      this.checkCancelled();
      this.note('starting the gateway (the topics exist)');
      this.fleet.start(gateway);
      await migrated;
      this.checkCancelled();
      this.note(`starting the services (migrated in ${seconds()})`);
      for (const app of rest) this.fleet.start(app);
      await this.waitReady([gateway, ...rest]);
      this.note(`starting the api-edge (the gateway and the services are ready after ${seconds()})`);
      this.fleet.start(edge);
      await this.waitReady([edge]);
      this.note(`every app is ready after ${seconds()}`);
    } catch (error) {
      await this.fleet.stop();
      throw this.fleet.failed
        ? new Error(`${this.fleet.failed.app} exited while the stack was starting; its output is above`, { cause: error })
        : error;
    }
    return {
      gatewayUrl: stack.gatewayUrl,
      apiUrl: stack.apiUrl,
      securityProfiles: stack.securityProfiles,
      adminKey,
      apps: this.fleet.running().map(({ plan: app, proc }) => ({ name: app.name, pid: proc.pid ?? -1, opsUrl: app.opsUrl })),
      servers: serverEnv,
      ranInfraSh: servers.ranInfraSh,
      ended: this.fleet.ended,
      stop: () => this.stop(),
      kill: () => this.kill(),
    };
  }

  /** Stops every app (and cancels a start in progress). */
  stop(): Promise<DistributedEnd> {
    this.cancelled = true;
    return this.fleet.stop();
  }

  kill(): void {
    this.cancelled = true;
    this.fleet.kill();
  }

  private pick(...keys: ('ports' | 'appEnv')[]): Pick<StartDistributedOptions, 'ports' | 'appEnv'> {
    return Object.fromEntries(keys.filter((k) => this.options[k] !== undefined).map((k) => [k, this.options[k]]));
  }

  private checkCancelled(): void {
    if (this.cancelled) throw new StartCancelled();
    if (this.fleet.failed) throw new Error(`${this.fleet.failed.app} exited`);
  }

  /** Until every app answers `/health/ready` with 200; fails when one exits, or at the ready time-out. */
  private async waitReady(apps: AppPlan[]): Promise<void> {
    const deadline = Date.now() + this.config.readyTimeoutMs;
    const pending = new Set(apps);
    while (pending.size > 0) {
      this.checkCancelled();
      await Promise.all(
        [...pending].map(async (app) => {
          if (await isReady(app.opsUrl)) pending.delete(app);
        }),
      );
      if (pending.size === 0) return;
      if (Date.now() > deadline) {
        const names = [...pending].map((a) => `${a.name} (${a.opsUrl}/health/ready)`).join(', ');
        throw new Error(`not ready within ${this.config.readyTimeoutMs / 1000} s: ${names}`);
      }
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
  }

  private emit(source: OutputLine['source'], text: string, stream: OutputStream): void {
    this.options.logSink?.({ source, stream, text });
  }

  private note(text: string): void {
    this.emit('launcher', text, 'stdout');
  }
}

async function isReady(opsUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${opsUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function pickServers(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(SERVER_VARIABLES.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
}
