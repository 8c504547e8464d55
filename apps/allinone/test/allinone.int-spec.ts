import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { TestStation, uniqueName, waitFor } from '@voltlane/testing';

const ROOT = resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * `npm start`'s process, as a newcomer runs it: built output, embedded PostgreSQL, in-process
 * adapters; no Kafka, Redis or database server involved.
 */
describe('all-in-one process on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voltlane-aio-'));
  let ocppPort: number;
  let pgPort: number;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    [ocppPort, pgPort] = [await freePort(), await freePort()];
  }, 120_000);
  afterAll(async () => {
    await stop();
  });

  async function start(): Promise<void> {
    output = '';
    // Nothing of the distributed mode is given: no KAFKA_BROKERS, REDIS_URL or DATABASE_URL.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, VOLTLANE_DATA_DIR: dataDir, OCPP_PORT: String(ocppPort), VOLTLANE_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' };
    child = spawn(process.execPath, ['-r', './scripts/register-paths.js', 'dist/apps/allinone/src/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(() => output.includes('Voltlane is running'), { timeoutMs: 60_000, message: `start-up; output so far:\n${output}` });
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<number | null>((r) => running.once('exit', (code) => r(code)));
    running.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  }

  async function storedStation(id: string): Promise<Record<string, unknown> | undefined> {
    const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
    const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'voltlane', password, database: 'voltlane' });
    await client.connect();
    try {
      const result = await client.query('SELECT * FROM station.station WHERE id = $1', [id]);
      return result.rows[0] as Record<string, unknown> | undefined;
    } finally {
      await client.end();
    }
  }

  it('accepts an unknown station, answers its CALLs, and keeps its data across a restart', async () => {
    await start();
    expect(output).toContain(`ws://127.0.0.1:${ocppPort}/ocpp/<station-id>`);
    expect(output).toContain(dataDir);
    const id = uniqueName('aio');
    const station = await TestStation.connect(`ws://127.0.0.1:${ocppPort}/ocpp/${id}`, ['ocpp1.6']);
    const boot = await station.call('BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'AIO' });
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    expect((await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }))[0]).toBe(3);
    const start16 = await station.call('StartTransaction', { connectorId: 1, idTag: 'UNKNOWN', meterStart: 10, timestamp: new Date().toISOString() });
    expect((start16[2] as { transactionId: number }).transactionId).toBeGreaterThan(0);
    await station.close();
    await waitFor(async () => (await storedStation(id)) !== undefined, { message: 'station stored' });

    await stop();
    await start();
    expect(await storedStation(id)).toMatchObject({ id });
    // The station's accepted boot survives the restart: no new Boot needed before other CALLs.
    const again = await TestStation.connect(`ws://127.0.0.1:${ocppPort}/ocpp/${id}`, ['ocpp1.6']);
    expect((await again.call('Heartbeat', {}))[0]).toBe(3);
    await again.close();
  });
});
