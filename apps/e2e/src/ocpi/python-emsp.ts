import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@voltlane/testing';

const ROOT = resolve(__dirname, '../../../..');
const DRIVER = join(__dirname, 'emsp', 'emsp.py');

/** An OCPI request the eMSP received (its recorder), with its answer. */
export interface ReceivedRequest {
  seq: number;
  at: string;
  /** `locations`, `sessions`, `cdrs`, `tariffs`, `tokens`, `commands`, `credentials`, `versions`, `details`. */
  module: string | null;
  method: string;
  path: string;
  query: string;
  /** X-Request-ID, X-Correlation-ID and OCPI-from/to-* as received (lower-case names). */
  headers: Record<string, string>;
  authorized: boolean;
  body: any;
  status: number;
  ocpi_status: number | null;
  response: any;
  location: string | null;
}

/** The CPO's answer to a request the eMSP sent it. */
export interface CpoAnswer {
  request_id: string;
  http_status: number;
  status_code: number | null;
  data: any;
  body: unknown;
  headers: Record<string, string>;
}

/** A command the eMSP sent: its request, the CPO's CommandResponse and the CommandResults at its response_url. */
export interface SentCommand {
  uid: string;
  command: string;
  request: any;
  response?: CpoAnswer;
  results: { at: string; result: string; message?: unknown[] }[];
}

let venv: Promise<string> | undefined;

/**
 * The eMSP's Python (scripts/ocpi-emsp-venv.sh: a venv with extrawest-ocpi and uvicorn, made once
 * and reused; the first run downloads them from PyPI).
 */
export function emspPython(): Promise<string> {
  venv ??= promisify(execFile)('bash', [join(ROOT, 'scripts/ocpi-emsp-venv.sh')], { cwd: ROOT, timeout: 600_000 }).then(
    ({ stdout }) => stdout.trim().split('\n').pop() as string,
    (error: Error & { stderr?: string }) => {
      venv = undefined;
      throw new Error(`scripts/ocpi-emsp-venv.sh failed: ${error.message}\n${error.stderr ?? ''}`);
    },
  );
  return venv;
}

/**
 * The independent eMSP (apps/e2e/src/ocpi/emsp/emsp.py, py_ocpi) as a child process on a loopback
 * port of its own, with its state in a temporary directory: it can be stopped and started again
 * on the same port and state (it keeps its credentials, tokens and what it received). Its control
 * API (/control/...) reads what it received and makes it act towards the CPO.
 */
export class PythonEmsp {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private log = '';

  private constructor(
    private readonly python: string,
    readonly port: number,
    private readonly dir: string,
    private readonly party: { countryCode: string; partyId: string; name: string },
  ) {}

  static async start(party: Partial<{ countryCode: string; partyId: string; name: string }> = {}): Promise<PythonEmsp> {
    const emsp = new PythonEmsp(await emspPython(), await freePort(), mkdtempSync(join(tmpdir(), 'voltlane-emsp-')), {
      countryCode: party.countryCode ?? 'DE',
      partyId: party.partyId ?? 'EMP',
      name: party.name ?? 'Independent eMSP',
    });
    await emsp.launch();
    return emsp;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get versionsUrl(): string {
    return `${this.url}/ocpi/versions`;
  }

  get countryCode(): string {
    return this.party.countryCode;
  }

  get partyId(): string {
    return this.party.partyId;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** What the process printed (for a failing test's message). */
  output(): string {
    return this.log.slice(-20_000);
  }

  /** Starts the process (again, on the same port and state) and waits until it answers. */
  async launch(): Promise<void> {
    if (this.process) throw new Error('the eMSP is running already');
    const child = spawn(
      this.python,
      [DRIVER, '--port', String(this.port), '--state', join(this.dir, 'state.json')].concat([
        '--country-code',
        this.party.countryCode,
        '--party-id',
        this.party.partyId,
        '--name',
        this.party.name,
      ]),
      {
        cwd: this.dir,
        // Only what Python needs: py_ocpi reads its settings from the environment.
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: this.dir,
          LANG: 'C.UTF-8',
          PYTHONDONTWRITEBYTECODE: '1',
          PYTHONUNBUFFERED: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.process = child;
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString('utf8')).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.log += `\n[eMSP exited: ${signal ?? code}]\n`;
        if (this.process === child) this.process = undefined;
        done();
      }),
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.process !== child) throw new Error(`the eMSP exited while starting:\n${this.output()}`);
      if ((await fetch(`${this.url}/control/health`).catch(() => undefined))?.ok) return;
      if (Date.now() > deadline) throw new Error(`the eMSP did not answer within 30 s:\n${this.output()}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** Stops the process (SIGTERM, SIGKILL after 5 s): the eMSP is down until `launch()`. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops it and removes its state. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // --- the control API -----------------------------------------------------------------------

  /** Registers with a CPO: GET versions and details with token A, POST credentials with its own token B. */
  register(
    versionsUrl: string,
    token: string,
  ): Promise<{ cpo: { token: string; roles: unknown[]; endpoints: unknown[] }; credentials: CpoAnswer }> {
    return this.control('POST', '/register', { versions_url: versionsUrl, token });
  }

  unregister(): Promise<CpoAnswer> {
    return this.control('POST', '/unregister');
  }

  /** The CPO it is registered with (null: none): the token it calls the CPO with, the CPO's roles and endpoints. */
  state(): Promise<{
    cpo: { token: string; roles: { role: string; country_code: string; party_id: string }[]; endpoints: unknown[] } | null;
  }> {
    return this.control('GET', '/state');
  }

  /** A token A for a CPO that registers with this eMSP. */
  tokenA(): Promise<{ token: string; versions_url: string }> {
    return this.control('POST', '/token-a');
  }

  /** Stores one of its tokens and PUTs it to the CPO's tokens receiver (defaults: RFID, valid, ALLOWED). */
  putToken(uid: string, fields: Record<string, unknown> = {}): Promise<CpoAnswer> {
    return this.control('PUT', `/tokens/${encodeURIComponent(uid)}`, fields);
  }

  patchToken(uid: string, fields: Record<string, unknown>): Promise<CpoAnswer> {
    return this.control('PATCH', `/tokens/${encodeURIComponent(uid)}`, fields);
  }

  /**
   * What it answers to the CPO's real-time authorization of one of its tokens (POST
   * tokens/{uid}/authorize): `allowed` (ALLOWED, BLOCKED, EXPIRED, NO_CREDIT, NOT_ALLOWED), after
   * `delayMs`, with `authorizationReference` when given. Default: ALLOWED for a valid token, NOT_ALLOWED
   * otherwise; a uid it does not have is answered HTTP 404 by the library.
   */
  setAuthorization(
    uid: string,
    setting: { allowed: string; delayMs?: number; authorizationReference?: string },
  ): Promise<{ uid: string; allowed: string; delay_ms: number; authorization_reference: string | null }> {
    return this.control('PUT', `/authorizations/${encodeURIComponent(uid)}`, setting);
  }

  /** Back to the default authorization answer for `uid`. */
  resetAuthorization(uid: string): Promise<{ uid: string }> {
    return this.control('DELETE', `/authorizations/${encodeURIComponent(uid)}`);
  }

  /** Sends a command (`token_uid` stands for one of its tokens) with its commands receiver as response_url. */
  command(command: string, fields: Record<string, unknown>): Promise<CpoAnswer & { uid: string }> {
    return this.control('POST', `/commands/${command}`, fields);
  }

  commands(): Promise<Record<string, SentCommand>> {
    return this.control('GET', '/commands');
  }

  /** GETs a module from the CPO page by page (`limit` per page), following its Link headers; the library's schema checks each object. */
  pull(
    module: 'locations' | 'tariffs' | 'sessions' | 'cdrs',
    limit = 0,
  ): Promise<{ pages: { count: number; total: string | null; limit: string | null; link: string }[]; items: any[] }> {
    return this.control('GET', `/pull/${module}${limit ? `?limit=${limit}` : ''}`);
  }

  requests(filter: { module?: string; method?: string } = {}): Promise<ReceivedRequest[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined));
    return this.control('GET', `/requests?${query.toString()}`);
  }

  objects(module: 'locations' | 'sessions' | 'cdrs' | 'tariffs'): Promise<Record<string, any>> {
    return this.control('GET', `/objects/${module}`);
  }

  private async control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/control${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`eMSP ${method} /control${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
}
