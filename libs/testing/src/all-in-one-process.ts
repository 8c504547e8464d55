/**
 * `npm start`'s process for specs: the compiled all-in-one (dist/, see compiled-build.ts) on free
 * ports and a data directory of its own, with its output kept and its API at hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './infra-env';

const ROOT = resolve(__dirname, '../../..');

export class AllInOneProcess {
  output = '';
  private child: ChildProcess | undefined;

  private constructor(
    readonly dataDir: string,
    readonly ocppPort: number,
    readonly apiPort: number,
    readonly pgPort: number,
    private readonly env: Record<string, string>,
  ) {}

  /** Free ports and a data directory (new unless given); not started yet. */
  static async create(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<AllInOneProcess> {
    return new AllInOneProcess(
      options.dataDir ?? mkdtempSync(join(tmpdir(), 'voltlane-aio-')),
      await freePort(),
      await freePort(),
      await freePort(),
      options.env ?? {},
    );
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  get ocppUrl(): string {
    return `ws://127.0.0.1:${this.ocppPort}/ocpp`;
  }

  /** The admin API key made on its first start. */
  get adminKey(): string {
    return readFileSync(join(this.dataDir, 'admin-api-key'), 'utf8').trim();
  }

  /** Starts it (again: same ports and data) and waits for its banner (60 s); `output` restarts empty. */
  async start(): Promise<void> {
    this.output = '';
    // Nothing of the distributed mode is given: no KAFKA_BROKERS, REDIS_URL or DATABASE_URL.
    const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', 'dist/apps/allinone/src/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        VOLTLANE_DATA_DIR: this.dataDir,
        OCPP_PORT: String(this.ocppPort),
        VOLTLANE_PG_PORT: String(this.pgPort),
        API_PORT: String(this.apiPort),
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitFor(() => this.output.includes('Voltlane is running') || child.exitCode !== null, {
      timeoutMs: 60_000,
      message: "the all-in-one's banner",
    }).catch((error: Error) => {
      throw new Error(`${error.message}; its output:\n${this.output}`);
    });
    if (child.exitCode !== null) throw new Error(`the all-in-one exited (${child.exitCode}):\n${this.output}`);
  }

  /** A JSON request to its operator API. */
  async api<T = unknown>(method: string, path: string, key = this.adminKey, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Stops it (SIGTERM) and resolves its exit code (null when it was not running). */
  async stop(): Promise<number | null> {
    const running = this.child;
    if (!running || running.exitCode !== null) {
      this.child = undefined;
      return running?.exitCode ?? null;
    }
    const exited = new Promise<number | null>((r) => running.once('exit', (code) => r(code)));
    running.kill('SIGTERM');
    this.child = undefined;
    return exited;
  }
}
