/** A real OS child process of the fault run (an app, a simulator), with its output in a log file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stderrLogger } from '@voltlane/testing';

export const ROOT = resolve(__dirname, '../../..');

export const log = stderrLogger('faults');

export interface ProcessSpec {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logDir: string;
}

/** `node <args>` from the repository root; stdout and stderr appended to `<logDir>/<name>.log`. */
export class ChildProc {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);
  exited = true;
  readonly logFile: string;
  /** Where this start's output begins in the log file (a restart appends). */
  private logOffset = 0;

  constructor(readonly spec: ProcessSpec) {
    mkdirSync(spec.logDir, { recursive: true });
    this.logFile = resolve(spec.logDir, `${spec.name}.log`);
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): this {
    this.logOffset = this.logText(0).length;
    const fd = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, this.spec.args, {
      cwd: ROOT,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exited = false;
    this.exit = new Promise((res) =>
      child.on('exit', (code) => {
        this.exited = true;
        res(code);
      }),
    );
    return this;
  }

  /** The log written since the last start (or all of it from `from`). */
  logText(from = this.logOffset): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(from);
    } catch {
      return '';
    }
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    if (this.exited || !this.child) return null;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const code = await this.exit;
    clearTimeout(timer);
    return code;
  }

  waitExit(): Promise<number | null> {
    return this.exit;
  }
}
