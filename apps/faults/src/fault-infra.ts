/**
 * The run's own Kafka, Redis and PostgreSQL (deploy/local/infra.sh on their own ports and state
 * directory), so servers can be stopped and restarted without touching anyone else's.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, log } from './child-process';

export type InfraServer = 'kafka' | 'redis' | 'postgres';

export interface InfraPorts {
  kafka: number;
  redis: number;
  postgres: number;
}

// Below the kernel's ephemeral port range (32768–60999): a busy machine's loopback clients
// cannot hold these ports when a restarted server binds them again.
export const DEFAULT_PORTS: InfraPorts = { kafka: 29192, redis: 26479, postgres: 25532 };

export class FaultInfra {
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly stateDir: string,
    readonly ports: InfraPorts = DEFAULT_PORTS,
  ) {
    this.env = {
      VOLTLANE_KAFKA_PORT: String(ports.kafka),
      VOLTLANE_REDIS_PORT: String(ports.redis),
      VOLTLANE_PG_PORT: String(ports.postgres),
      VOLTLANE_INFRA_DIR: stateDir,
    };
    this.kafkaBrokers = `127.0.0.1:${ports.kafka}`;
    this.redisUrl = `redis://127.0.0.1:${ports.redis}`;
    this.databaseUrl = `postgres://voltlane:voltlane@127.0.0.1:${ports.postgres}/voltlane`;
  }

  /** Fresh servers: stops and purges what a previous run left, then starts all three. */
  async freshUp(): Promise<void> {
    await this.run(['down', '--purge']);
    await this.run(['up']);
  }

  async down(): Promise<void> {
    await this.run(['down']);
  }

  async stop(server: InfraServer): Promise<void> {
    await this.run(['stop', server]);
  }

  async start(server: InfraServer): Promise<void> {
    await this.run(['start', server]);
  }

  private run(args: string[]): Promise<void> {
    log(`infra.sh ${args.join(' ')}`);
    return new Promise((res, rej) => {
      const child = spawn('bash', [resolve(ROOT, 'deploy/local/infra.sh'), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', rej);
      child.on('exit', (code) =>
        code === 0 ? res() : rej(new Error(`infra.sh ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`)),
      );
    });
  }
}
