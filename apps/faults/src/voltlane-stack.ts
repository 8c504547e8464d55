/**
 * The distributed Voltlane of a fault run as real OS processes: two gateway instances behind a
 * TCP balancer and the five services, each compiled (tmp/faults-dist) and started with
 * `node -r scripts/register-paths.js`, so a SIGKILL is a real kill.
 */
import { resolve } from 'node:path';
import { Topics } from '@voltlane/contracts';
import { createKafka, ensureTopics } from '@voltlane/messaging';
import type { ChildProc } from '@voltlane/process-kit';
import { ROOT, childProc, log } from './child-process';
import type { FaultInfra } from './fault-infra';
import { TcpBalancer } from './tcp-balancer';
import { freePort, pollUntil, sleep } from '@voltlane/testing';

export const DIST = resolve(ROOT, 'tmp/faults-dist');
export type ServiceName = 'station' | 'customer' | 'session' | 'metering' | 'billing';
export const SERVICES: readonly ServiceName[] = ['station', 'customer', 'session', 'metering', 'billing'];

export interface Gateway {
  proc: ChildProc;
  port: number;
  opsPort: number;
}

export interface Service {
  name: ServiceName;
  proc: ChildProc;
  apiPort: number;
}

export class VoltlaneStack {
  readonly gateways: Gateway[] = [];
  readonly services = new Map<ServiceName, Service>();
  readonly balancer = new TcpBalancer(() => this.gateways.filter((g) => !g.proc.exited).map((g) => g.port));

  constructor(
    private readonly infra: FaultInfra,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.balancer.port}/ocpp`;
  }

  private baseEnv(): NodeJS.ProcessEnv {
    return {
      VOLTLANE_DIST: DIST,
      KAFKA_BROKERS: this.infra.kafkaBrokers,
      REDIS_URL: this.infra.redisUrl,
      DATABASE_URL: this.infra.databaseUrl,
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'info',
    };
  }

  private app(name: string, app: string, env: NodeJS.ProcessEnv): ChildProc {
    return childProc({
      name,
      args: ['-r', resolve(ROOT, 'scripts/register-paths.js'), resolve(DIST, `apps/${app}/src/main.js`)],
      env: { ...this.baseEnv(), ...env },
      logDir: this.logDir,
    });
  }

  async start(): Promise<void> {
    const kafka = createKafka({ brokers: [this.infra.kafkaBrokers], clientId: 'faults-admin' });
    await ensureTopics(
      kafka,
      Object.values(Topics).map((topic) => ({ topic, numPartitions: 6 })),
    );
    for (const name of SERVICES) {
      const apiPort = await freePort();
      const S = name.toUpperCase();
      const proc = this.app(`${name}-service`, `${name}-service`, {
        API_PORT: String(apiPort),
        API_HOST: '127.0.0.1',
        [`${S}_SERVICE_INSTANCE_ID`]: `faults-${name}`,
        [`${S}_SERVICE_DB_SCHEMA`]: name,
        // Own API-key schema per service: five processes migrating one shared `iam` schema at the
        // same moment race on CREATE TABLE (a deployment runs the migrate job first).
        API_KEYS_DB_SCHEMA: `iam_${name}`,
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
      });
      this.services.set(name, { name, proc, apiPort });
    }
    await Promise.all([...this.services.values()].map((s) => this.startService(s)));
    // A service can still fail after logging "started" (its operator API): give it a moment.
    await sleep(3_000);
    const dead = [...this.services.values()].find((s) => s.proc.exited);
    if (dead) throw new Error(`${dead.proc.name} exited after starting; see ${dead.proc.logFile}`);
    for (const i of [1, 2]) {
      const gateway: Gateway = {
        proc: this.app(`gateway-${i}`, 'ocpp-gateway', {}),
        port: await freePort(),
        opsPort: await freePort(),
      };
      gateway.proc.spec.env = {
        ...gateway.proc.spec.env,
        OCPP_PORT: String(gateway.port),
        OCPP_HOST: '127.0.0.1',
        GATEWAY_OPS_PORT: String(gateway.opsPort),
        GATEWAY_OPS_HOST: '127.0.0.1',
        GATEWAY_INSTANCE_ID: `faults-gw-${i}`,
        OCPP_SECURITY_PROFILE: '0',
        OCPP_ALLOW_UNKNOWN_STATIONS: 'true',
        GATEWAY_DRAIN_WINDOW_MS: '1000',
      };
      this.gateways.push(gateway);
    }
    await Promise.all(this.gateways.map((g) => this.startGateway(g)));
    await this.balancer.listen();
  }

  async startService(service: Service): Promise<void> {
    service.proc.start();
    await pollUntil(
      () => {
        if (service.proc.exited) throw new Error(`${service.proc.name} exited; see ${service.proc.logFile}`);
        return service.proc.logText().includes(`${service.name}-service started`);
      },
      120_000,
      `${service.proc.name} started`,
      250,
    );
  }

  async startGateway(gateway: Gateway): Promise<void> {
    gateway.proc.start();
    await pollUntil(
      async () => {
        if (gateway.proc.exited) throw new Error(`${gateway.proc.name} exited; see ${gateway.proc.logFile}`);
        try {
          return (await fetch(`http://127.0.0.1:${gateway.opsPort}/health/ready`, { signal: AbortSignal.timeout(1_000) })).ok;
        } catch {
          return false;
        }
      },
      60_000,
      `${gateway.proc.name} ready`,
    );
  }

  /** Every process still running (a fault's kill is followed by a restart). */
  allRunning(): boolean {
    return this.gateways.every((g) => !g.proc.exited) && [...this.services.values()].every((s) => !s.proc.exited);
  }

  async stop(): Promise<void> {
    await this.balancer.close();
    await Promise.all(this.gateways.map((g) => g.proc.stop('SIGTERM', 15_000)));
    await Promise.all([...this.services.values()].map((s) => s.proc.stop('SIGTERM', 15_000)));
    await sleep(100);
    log('stack stopped');
  }
}
