/**
 * A Node.js child process of one of Voltlane's launchers (`npm run start:distributed`, the fault
 * run): `node <args>` with its output appended to a log file or handed over line by line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter';

export type OutputStream = 'stdout' | 'stderr';

/** Where a child's stdout and stderr go: appended to one file, or each line to a callback. */
export type ChildOutput = { file: string } | { lines: (line: string, stream: OutputStream) => void };

export interface ProcessSpec {
  name: string;
  /** Arguments of `node`: options, the script, its arguments. */
  args: string[];
  /** Added to this process's environment (`inheritEnv: false`: the whole environment). */
  env: NodeJS.ProcessEnv;
  inheritEnv?: boolean;
  cwd: string;
  output: ChildOutput;
}

/** How a child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** After the exit, how long to wait for the child's output pipes to close (a grandchild may hold them). */
const OUTPUT_DRAIN_MS = 2_000;

export class ChildProc {
  private child: ChildProcess | undefined;
  private exit: Promise<ChildExit> = Promise.resolve({ code: null, signal: null });
  /** True before the first start and once the running child has exited. */
  exited = true;
  /** How the last run ended (undefined while it runs, and before the first start). */
  lastExit: ChildExit | undefined;
  /** Where this start's output begins in the log file (a restart appends). */
  private logOffset = 0;

  constructor(readonly spec: ProcessSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The log file, for output `{ file }`. */
  get logFile(): string | undefined {
    return 'file' in this.spec.output ? this.spec.output.file : undefined;
  }

  start(): this {
    if (!this.exited) throw new Error(`${this.name} is running already (pid ${this.pid})`);
    const { output } = this.spec;
    let fd: number | undefined;
    if ('file' in output) {
      mkdirSync(dirname(output.file), { recursive: true });
      this.logOffset = this.logText(0).length;
      fd = openSync(output.file, 'a');
    }
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, this.spec.args, {
        cwd: this.spec.cwd,
        env: this.spec.inheritEnv === false ? this.spec.env : { ...process.env, ...this.spec.env },
        stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
      });
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    this.child = child;
    this.exited = false;
    this.lastExit = undefined;
    const drained = 'lines' in output ? [forward(child.stdout, 'stdout', output.lines), forward(child.stderr, 'stderr', output.lines)] : [];
    this.exit = new Promise((resolve) => {
      const done = (exit: ChildExit): void => {
        this.exited = true;
        this.lastExit = exit;
        resolve(exit);
      };
      child.once('error', () => {
        // spawn failed (no exit event follows) or a signal could not be sent (the exit still follows)
        if (child.pid === undefined) done({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => {
        const timer = new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS).unref());
        void Promise.race([Promise.all(drained), timer]).then(() => done({ code, signal }));
      });
    });
    return this;
  }

  /** The log written since the last start (or all of it from `from`); empty for output `{ lines }`. */
  logText(from = this.logOffset): string {
    if (!this.logFile) return '';
    try {
      return readFileSync(this.logFile, 'utf8').slice(from);
    } catch {
      return '';
    }
  }

  /** Sends `signal` to the running child; false when it is not running. */
  signal(signal: NodeJS.Signals): boolean {
    if (this.exited || !this.child) return false;
    return this.child.kill(signal);
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`); null when it was not running. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<ChildExit | null> {
    if (this.exited || !this.child) return null;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const exit = await this.exit;
    clearTimeout(timer);
    return exit;
  }

  /** Resolves when the child has exited and its output is read. */
  waitExit(): Promise<ChildExit> {
    return this.exit;
  }
}

/** Hands each line of `stream` to `onLine`; resolves when the stream ends. */
function forward(stream: Readable | null, name: OutputStream, onLine: (line: string, stream: OutputStream) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  stream.setEncoding('utf8');
  const lines = new LineSplitter((line) => onLine(line, name));
  stream.on('data', (chunk: string) => lines.push(chunk));
  return new Promise((resolve) => {
    stream.once('close', () => {
      lines.end();
      resolve();
    });
  });
}
