/** Child processes of the benchmark: servers, Voltlane apps, load generators; /proc sampling. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { freePort, pollUntil, sleep, stderrLogger } from '@voltlane/testing';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Histogram } from './histogram';
import { zeroCounters, type CallResultSummary, type LoadCommand, type LoadEvent, type LoadStatus } from './protocol';

export const ROOT = resolve(__dirname, '../../..');
export const BENCH_DIST = resolve(ROOT, 'tmp/bench-dist');
const GC_HOOK = resolve(__dirname, '../servers/gc-hook.js');
const CLK_TCK = 100;
const PAGE = 4096;

export const log = stderrLogger('bench');

export { freePort, pollUntil, sleep };

export interface MemoryFigures {
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
}

/** A server or app process with the GC hook preloaded (memory via IPC after a full GC). */
export class ServerProcess {
  /** Every process started and not yet seen to exit (stopped by the orchestrator at the end). */
  static readonly running = new Set<ServerProcess>();
  private output = '';
  private memoryWaiters: ((m: MemoryFigures) => void)[] = [];
  exited = false;
  exitCode: number | null = null;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    child.on('message', (m: { benchMemory?: MemoryFigures }) => {
      if (m?.benchMemory) this.memoryWaiters.shift()?.(m.benchMemory);
    });
    child.stdout?.on('data', (d: Buffer) => {
      if (this.output.length < 4096) this.output += d.toString();
    });
    child.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
      ServerProcess.running.delete(this);
    });
    ServerProcess.running.add(this);
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...ServerProcess.running].map((p) => p.stop('SIGTERM', 20_000)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /**
   * Starts `node [nodeArgs] -r gc-hook <script> [args]`. The baselines print `LISTENING <port>`
   * on stdout (captured); the Voltlane apps log to a file under the log directory.
   */
  static start(
    name: string,
    script: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; logDir: string; captureStdout?: boolean },
  ): ServerProcess {
    mkdirSync(options.logDir, { recursive: true });
    const logFile = resolve(options.logDir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(process.execPath, ['--expose-gc', ...(options.nodeArgs ?? []), '-r', GC_HOOK, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', options.captureStdout ? 'pipe' : fd, fd, 'ipc'],
    });
    closeSync(fd);
    return new ServerProcess(name, child, logFile);
  }

  /**
   * A baseline server from bench/src/servers (run with tsx), resolved when it listens.
   * `args` follow the port (monolith: its schema); `env` is added to this process's.
   */
  static async baseline(
    kind: 'bare' | 'ocpp-rpc' | 'monolith',
    port: number,
    logDir: string,
    args: string[] = [],
    env: NodeJS.ProcessEnv = {},
  ): Promise<ServerProcess> {
    const script = resolve(__dirname, `../servers/${kind}-server.ts`);
    const proc = ServerProcess.start(kind, script, [String(port), ...args], {
      env,
      nodeArgs: ['--import', 'tsx'],
      logDir,
      captureStdout: true,
    });
    await pollUntil(() => proc.output.includes('LISTENING') || proc.exited, 60_000, `${kind} server to listen`);
    if (proc.exited) throw new Error(`${kind} server exited with ${proc.exitCode}; see ${proc.logFile}`);
    return proc;
  }

  /** A compiled Voltlane app (tmp/bench-dist) with the path aliases registered. */
  static app(
    name: string,
    app: string,
    env: NodeJS.ProcessEnv,
    logDir: string,
    nodeArgs: string[] = [],
    options: { entryAlias?: string } = {},
  ): ServerProcess {
    let script = resolve(BENCH_DIST, `apps/${app}/src/main.js`);
    if (!existsSync(script)) throw new Error(`${script} is missing: the runner compiles it (bench/run.sh)`);
    if (options.entryAlias) {
      // A one-line entry under another name, so a `pkill -f apps/<app>/src/main.js` aimed at a
      // developer's own copy of the app on this machine does not stop the bench's in mid-run.
      const alias = resolve(BENCH_DIST, 'bench-entries', `${options.entryAlias}.js`);
      mkdirSync(resolve(BENCH_DIST, 'bench-entries'), { recursive: true });
      writeFileSync(alias, `require(${JSON.stringify(script)});\n`);
      script = alias;
    }
    return ServerProcess.start(name, script, [], {
      env: { VOLTLANE_DIST: BENCH_DIST, ...env },
      nodeArgs: [...nodeArgs, '-r', resolve(ROOT, 'scripts/register-paths.js')],
      logDir,
    });
  }

  logText(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Full GC in the process (twice), then process.memoryUsage(). */
  async memory(timeoutMs = 30_000): Promise<MemoryFigures> {
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${this.name}: no memory answer`)), timeoutMs);
      this.memoryWaiters.push((m) => {
        clearTimeout(timer);
        res(m);
      });
      this.child.send({ benchGc: true });
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    if (this.exited) return;
    this.child.kill(signal);
    try {
      await pollUntil(() => this.exited, timeoutMs, `${this.name} to exit`, 100);
    } catch {
      this.child.kill('SIGKILL');
      await pollUntil(() => this.exited, 5_000, `${this.name} to die`, 100).catch(() => undefined);
    }
  }
}

/** One load-generator process (bench/src/load/ws-load.ts), driven over IPC. */
export class Loader {
  static readonly running = new Set<Loader>();
  private waiters: { ev: string; resolve: (e: LoadEvent) => void }[] = [];
  exited = false;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (event: LoadEvent) => {
      if (event.ev === 'error') log(`${name}: ${event.message}`);
      const i = this.waiters.findIndex((w) => w.ev === event.ev);
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(event);
    });
    child.on('exit', () => {
      this.exited = true;
      Loader.running.delete(this);
    });
    Loader.running.add(this);
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...Loader.running].map((l) => l.stop()));
  }

  static async start(name: string, logDir: string): Promise<Loader> {
    mkdirSync(logDir, { recursive: true });
    const fd = openSync(resolve(logDir, `${name}.log`), 'a');
    const child = fork(resolve(__dirname, '../load/ws-load.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
      stdio: ['ignore', fd, fd, 'ipc'],
    });
    closeSync(fd);
    const loader = new Loader(name, child);
    await loader.next('ready', 30_000);
    return loader;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  next(ev: LoadEvent['ev'], timeoutMs: number): Promise<LoadEvent> {
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${this.name}: no '${ev}' within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        ev,
        resolve: (e) => {
          clearTimeout(timer);
          res(e);
        },
      });
    });
  }

  async request<E extends LoadEvent['ev']>(command: LoadCommand, ev: E, timeoutMs: number): Promise<Extract<LoadEvent, { ev: E }>> {
    const answer = this.next(ev, timeoutMs);
    this.child.send(command);
    return (await answer) as Extract<LoadEvent, { ev: E }>;
  }

  async status(): Promise<LoadStatus> {
    return (await this.request({ cmd: 'status' }, 'status', 10_000)).status;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.send({ cmd: 'exit' });
    await pollUntil(() => this.exited, 10_000, `${this.name} to exit`, 100).catch(() => this.child.kill('SIGKILL'));
  }
}

/** A set of loaders sharing one fleet of stations (contiguous index ranges). */
export class LoaderPool {
  constructor(readonly loaders: Loader[]) {}

  static async start(count: number, logDir: string, tag: string): Promise<LoaderPool> {
    return new LoaderPool(await Promise.all(Array.from({ length: count }, (_, i) => Loader.start(`load-${tag}-${i}`, logDir))));
  }

  /** Splits `count` stations over the loaders and connects them all. */
  async connect(options: {
    url: string;
    prefix: string;
    start: number;
    count: number;
    password?: string;
    boot: boolean;
    reconnect?: { minMs: number; maxMs: number };
    concurrency: number;
    timeoutMs: number;
  }): Promise<{ status: LoadStatus; elapsedMs: number }> {
    const started = performance.now();
    const per = Math.ceil(options.count / this.loaders.length);
    const results = await Promise.all(
      this.loaders.map((loader, i) => {
        const start = options.start + i * per;
        const count = Math.max(0, Math.min(per, options.start + options.count - start));
        return loader.request(
          {
            cmd: 'connect',
            url: options.url,
            prefix: options.prefix,
            start,
            count,
            ...(options.password !== undefined ? { password: options.password } : {}),
            localAddresses: localAddresses(),
            concurrency: Math.max(1, Math.round(options.concurrency / this.loaders.length)),
            boot: options.boot,
            ...(options.reconnect ? { reconnect: options.reconnect } : {}),
            timeoutMs: options.timeoutMs,
          },
          'connected',
          options.timeoutMs + 60_000,
        );
      }),
    );
    return { status: mergeStatus(results.map((r) => r.status)), elapsedMs: performance.now() - started };
  }

  async status(): Promise<LoadStatus> {
    return mergeStatus(await Promise.all(this.loaders.map((l) => l.status())));
  }

  async resetStats(): Promise<void> {
    await Promise.all(this.loaders.map((l) => l.request({ cmd: 'resetStats' }, 'status', 10_000)));
  }

  /** Runs a command returning 'result' on every loader and merges the results. */
  async run(
    command: LoadCommand,
    timeoutMs: number,
    split?: (i: number) => LoadCommand,
  ): Promise<{ status: LoadStatus; result: CallResultSummary; histogram: Histogram; byAction: Record<string, Histogram> }> {
    const results = await Promise.all(this.loaders.map((l, i) => l.request(split ? split(i) : command, 'result', timeoutMs)));
    const histogram = new Histogram();
    for (const r of results) histogram.merge(r.result.histogram);
    const byAction: Record<string, Histogram> = {};
    for (const r of results) for (const [a, h] of Object.entries(r.result.byAction ?? {})) (byAction[a] ??= new Histogram()).merge(h);
    const result: CallResultSummary = {
      sent: sum(results.map((r) => r.result.sent)),
      answered: sum(results.map((r) => r.result.answered)),
      skipped: sum(results.map((r) => r.result.skipped)),
      elapsedMs: Math.max(...results.map((r) => r.result.elapsedMs)),
      histogram: histogram.toJSON(),
    };
    return { status: mergeStatus(results.map((r) => r.status)), result, histogram, byAction };
  }

  /**
   * Boot storm over the loaders (contiguous index ranges): connect, BootNotification, a
   * StatusNotification per connector, one StartTransaction. `elapsedMs` is the wall time until
   * the last loader finished.
   */
  async storm(options: {
    url: string;
    prefix: string;
    start: number;
    count: number;
    password?: string;
    concurrency: number;
    connectors: number[];
    callTimeoutMs: number;
    timeoutMs: number;
  }): Promise<{
    status: LoadStatus;
    elapsedMs: number;
    completed: number;
    failedByStep: Record<string, number>;
    byAction: Record<string, Histogram>;
  }> {
    const started = performance.now();
    const per = Math.ceil(options.count / this.loaders.length);
    const results = await Promise.all(
      this.loaders.map((loader, i) => {
        const start = options.start + i * per;
        return loader.request(
          {
            cmd: 'storm',
            url: options.url,
            prefix: options.prefix,
            start,
            count: Math.max(0, Math.min(per, options.start + options.count - start)),
            ...(options.password !== undefined ? { password: options.password } : {}),
            localAddresses: localAddresses(),
            concurrency: Math.max(1, Math.round(options.concurrency / this.loaders.length)),
            connectors: options.connectors,
            callTimeoutMs: options.callTimeoutMs,
            timeoutMs: options.timeoutMs,
          },
          'storm',
          options.timeoutMs + 2 * options.callTimeoutMs + 60_000,
        );
      }),
    );
    const elapsedMs = performance.now() - started;
    const byAction: Record<string, Histogram> = {};
    const failedByStep: Record<string, number> = {};
    for (const { storm } of results) {
      for (const [a, h] of Object.entries(storm.byAction)) (byAction[a] ??= new Histogram()).merge(h);
      for (const [k, n] of Object.entries(storm.failedByStep)) failedByStep[k] = (failedByStep[k] ?? 0) + n;
    }
    return {
      status: mergeStatus(results.map((r) => r.status)),
      elapsedMs,
      completed: sum(results.map((r) => r.storm.completed)),
      failedByStep,
      byAction,
    };
  }

  get pids(): number[] {
    return this.loaders.map((l) => l.pid);
  }

  async stop(): Promise<void> {
    await Promise.all(this.loaders.map((l) => l.stop()));
  }
}

/** 127.0.0.2 … 127.0.0.250: source addresses, so no single one runs out of ephemeral ports. */
export function localAddresses(): string[] {
  return Array.from({ length: 249 }, (_, i) => `127.0.0.${i + 2}`);
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function mergeStatus(list: LoadStatus[]): LoadStatus {
  const merged: LoadStatus = { open: 0, booted: 0, ...zeroCounters(), rss: 0 };
  for (const s of list) {
    merged.open += s.open;
    merged.booted += s.booted;
    merged.connects += s.connects;
    merged.closes += s.closes;
    merged.handshakeFailures += s.handshakeFailures;
    merged.callErrors += s.callErrors;
    merged.timeouts += s.timeouts;
    merged.rss += s.rss;
    for (const [k, v] of Object.entries(s.handshakeFailuresByReason))
      merged.handshakeFailuresByReason[k] = (merged.handshakeFailuresByReason[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.callErrorsByCode)) merged.callErrorsByCode[k] = (merged.callErrorsByCode[k] ?? 0) + v;
  }
  return merged;
}

// ---------------------------------------------------------------- /proc sampling

export interface ProcSample {
  cpuTicks: number;
  rssBytes: number;
  /** CPU of children that exited and were reaped (cutime + cstime). */
  reapedChildTicks: number;
}

export function readProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime = field 14, stime = field 15, cutime 16, cstime 17.
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return {
      cpuTicks,
      rssBytes: rss ? Number(rss[1]) * 1024 : Number(fields[21]) * PAGE,
      reapedChildTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

/** The direct children of `pid` (from /proc; empty when the kernel has no `children` file). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * `pid` and its direct children summed (PostgreSQL's backends are children of the postmaster).
 * CPU also counts the children that exited since the process started (the postmaster's cutime
 * and cstime), so a backend that ends during a window does not take its CPU with it.
 */
export function readProcTree(pid: number): ProcSample | null {
  const own = readProc(pid);
  if (!own) return null;
  own.cpuTicks += own.reapedChildTicks;
  for (const child of childPids(pid)) {
    const c = readProc(child);
    if (c) {
      own.cpuTicks += c.cpuTicks + c.reapedChildTicks;
      own.rssBytes += c.rssBytes;
    }
  }
  return own;
}

export interface ProcStats {
  name: string;
  pid: number;
  /** CPU time (user + system) used over the sampled window, in ms (10 ms resolution). */
  cpuMs: number;
  cpuPercentAvg: number;
  cpuPercentPeak: number;
  rssMbAvg: number;
  rssMbPeak: number;
  rssMbEnd: number;
}

/** Samples CPU (utime+stime) and RSS of named processes every `everyMs` until stopped. */
export class ProcSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly data = new Map<
    string,
    {
      pid: number;
      first?: ProcSample & { t: number };
      last?: ProcSample & { t: number };
      peakCpu: number;
      peakRss: number;
      rssSum: number;
      n: number;
    }
  >();

  /** A process with `tree: true` is counted with its direct children (see readProcTree). */
  constructor(
    private readonly processes: { name: string; pid: number; tree?: boolean }[],
    private readonly everyMs = 1_000,
  ) {}

  private tick: () => void = () => undefined;
  /** CPU % (of one core) of all the processes together between the last two samples. */
  lastCpuPercent = 0;

  start(): this {
    const tick = (this.tick = (): void => {
      const t = performance.now();
      let total = 0;
      for (const p of this.processes) {
        const sample = p.tree ? readProcTree(p.pid) : readProc(p.pid);
        if (!sample) continue;
        const d = this.data.get(p.name) ?? { pid: p.pid, peakCpu: 0, peakRss: 0, rssSum: 0, n: 0 };
        if (d.last) {
          const cpu = ((sample.cpuTicks - d.last.cpuTicks) / CLK_TCK / ((t - d.last.t) / 1000)) * 100;
          d.peakCpu = Math.max(d.peakCpu, cpu); // (a child that exited makes a tree's delta negative: ignored by max)
          total += Math.max(0, cpu);
        }
        if (!d.first) d.first = { ...sample, t };
        d.last = { ...sample, t };
        d.peakRss = Math.max(d.peakRss, sample.rssBytes);
        d.rssSum += sample.rssBytes;
        d.n++;
        this.data.set(p.name, d);
      }
      this.lastCpuPercent = total;
    });
    tick();
    this.timer = setInterval(tick, this.everyMs);
    return this;
  }

  /** Takes a last sample (the window ends now, not at the last tick) and returns the figures. */
  stop(): ProcStats[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
    return [...this.data.entries()].map(([name, d]) => {
      const seconds = d.first && d.last ? (d.last.t - d.first.t) / 1000 : 0;
      const cpuMs = d.first && d.last ? Math.max(0, ((d.last.cpuTicks - d.first.cpuTicks) / CLK_TCK) * 1000) : 0;
      const avgCpu = seconds > 0 ? (cpuMs / 1000 / seconds) * 100 : 0;
      return {
        name,
        pid: d.pid,
        cpuMs: Math.round(cpuMs),
        cpuPercentAvg: round(avgCpu, 1),
        cpuPercentPeak: round(d.peakCpu, 1),
        rssMbAvg: round(d.rssSum / Math.max(1, d.n) / 2 ** 20, 1),
        rssMbPeak: round(d.peakRss / 2 ** 20, 1),
        rssMbEnd: round((d.last?.rssBytes ?? 0) / 2 ** 20, 1),
      };
    });
  }
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** PIDs of the infrastructure servers (Kafka, Redis, PostgreSQL) by their listening port. */
export async function infraPids(ports: Record<string, number>): Promise<{ name: string; pid: number; tree: boolean }[]> {
  const out = await new Promise<string>((res) => {
    const child = spawn('ss', ['-ltnpH'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', () => res(text));
    child.on('error', () => res(''));
  });
  const found: { name: string; pid: number; tree: boolean }[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const line = out.split('\n').find((l) => new RegExp(`:${port}\\s`).test(l));
    const pid = line ? /pid=(\d+)/.exec(line)?.[1] : undefined;
    if (pid) found.push({ name, pid: Number(pid), tree: name === 'postgres' });
  }
  return found;
}
