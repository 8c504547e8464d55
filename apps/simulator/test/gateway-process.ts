import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';
import type { InfraEnv } from '@voltlane/testing';

const ROOT = resolve(__dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export interface GatewayProcess {
  url: string;
  instanceId: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Runs the real OCPP gateway (apps/ocpp-gateway/src/main.ts) as its own process on the test
 * Kafka and Redis. The simulator may not import another app (Nx module boundaries), and a
 * separate process is how the benchmarks use it anyway.
 */
export async function startGatewayProcess(env: InfraEnv, settings: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const instanceId = settings.GATEWAY_INSTANCE_ID;
  let output = '';
  const child: ChildProcess = spawn(TSX, ['apps/ocpp-gateway/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      REDIS_URL: env.redisUrl,
      DATABASE_URL: env.databaseUrl,
      OCPP_PORT: String(port),
      OCPP_HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 45_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not listen on ${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    instanceId,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
