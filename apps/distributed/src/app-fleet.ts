/**
 * The running apps of `npm run start:distributed`, each its own OS process: started from the
 * build, watched, and stopped together. An app that exits on its own (not asked to) stops the rest.
 */
import { resolve } from 'node:path';
import { ChildProc, type ChildExit, type OutputStream } from '@voltlane/process-kit';
import type { AppName, AppPlan } from './app-plan';

export interface AppExit extends ChildExit {
  name: AppName;
}

/** How the stack ended: stopped when asked, or because an app exited on its own. */
export type DistributedEnd =
  | { cause: 'stopped'; /** every app exited 0 */ clean: boolean; exits: AppExit[] }
  | { cause: 'app-exited'; app: AppName; exit: ChildExit; exits: AppExit[] };

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `ended by ${exit.signal}` : `exit code ${exit.code}`;
}

export class AppFleet {
  private readonly procs: { plan: AppPlan; proc: ChildProc }[] = [];
  private stopping: Promise<DistributedEnd> | undefined;
  private resolveEnd!: (end: DistributedEnd) => void;
  /** Resolves once every app has exited (after stop(), or after one exited on its own). */
  readonly ended = new Promise<DistributedEnd>((r) => (this.resolveEnd = r));
  /** The first app that exited on its own, if one did. */
  failed: { app: AppName; exit: ChildExit } | undefined;

  constructor(
    private readonly options: {
      root: string;
      dist: string;
      stopTimeoutMs: number;
      onLine: (app: string, line: string, stream: OutputStream) => void;
      note: (line: string) => void;
    },
  ) {}

  /** Starts an app: `node -r scripts/register-paths.js <dist>/<main>`, as the Dockerfile does. */
  start(plan: AppPlan): ChildProc {
    if (this.stopping) throw new Error(`not starting ${plan.name}: the stack is stopping`);
    const proc = new ChildProc({
      name: plan.name,
      args: ['-r', resolve(this.options.root, 'scripts/register-paths.js'), resolve(this.options.dist, plan.main)],
      env: { ...plan.env, VOLTLANE_DIST: this.options.dist },
      inheritEnv: false,
      cwd: this.options.root,
      output: { lines: (line, stream) => this.options.onLine(plan.name, line, stream) },
    }).start();
    this.procs.push({ plan, proc });
    void proc.waitExit().then((exit) => {
      if (this.stopping) return;
      this.failed = { app: plan.name, exit };
      this.options.note(`${plan.name} exited on its own (${describeExit(exit)}); stopping the other apps`);
      void this.stop({ app: plan.name, exit });
    });
    return proc;
  }

  running(): { plan: AppPlan; proc: ChildProc }[] {
    return [...this.procs];
  }

  /**
   * SIGTERM to every app at once (each stops gracefully: the gateway drains its stations, the
   * services finish their batches), SIGKILL to those still running after the stop time-out.
   */
  stop(failure?: { app: AppName; exit: ChildExit }): Promise<DistributedEnd> {
    this.stopping ??= (async () => {
      const exits = await Promise.all(
        this.procs.map(async ({ plan, proc }): Promise<AppExit> => {
          proc.signal('SIGTERM');
          const timer = setTimeout(() => {
            this.options.note(`${plan.name} did not stop within ${this.options.stopTimeoutMs} ms: killing it`);
            proc.signal('SIGKILL');
          }, this.options.stopTimeoutMs);
          const exit = await proc.waitExit();
          clearTimeout(timer);
          return { name: plan.name, ...exit };
        }),
      );
      const end: DistributedEnd = failure
        ? { cause: 'app-exited', ...failure, exits }
        : { cause: 'stopped', clean: exits.every((e) => e.code === 0), exits };
      this.resolveEnd(end);
      return end;
    })();
    return this.stopping;
  }

  /** SIGKILL to every app still running (a second Ctrl-C). */
  kill(): void {
    for (const { proc } of this.procs) proc.signal('SIGKILL');
  }
}
