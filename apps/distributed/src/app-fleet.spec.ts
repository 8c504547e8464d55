import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppFleet } from './app-fleet';
import type { AppName, AppPlan } from './app-plan';

/** Stand-in apps (real node processes) in a build directory of their own. */
const dist = mkdtempSync(join(tmpdir(), 'distributed-fleet-'));
const SCRIPTS = {
  // stops on SIGTERM, as the apps do (stopOnSignals)
  graceful: "process.on('SIGTERM', () => process.exit(0)); console.log('up'); setInterval(() => {}, 1000);",
  // ignores SIGTERM
  stubborn: "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);",
  // fails on its own when told (SIGUSR2)
  crashing:
    "process.on('SIGTERM', () => process.exit(0)); process.on('SIGUSR2', () => { console.error('boom'); process.exit(3); }); console.log('up'); setInterval(() => {}, 1000);",
};
mkdirSync(join(dist, 'apps'), { recursive: true });
for (const [name, code] of Object.entries(SCRIPTS)) writeFileSync(join(dist, 'apps', `${name}.js`), code);

function app(name: AppName, script: keyof typeof SCRIPTS): AppPlan {
  return { name, main: `apps/${script}.js`, env: { PATH: process.env.PATH ?? '' }, opsUrl: 'http://127.0.0.1:1' };
}

function fleet(stopTimeoutMs = 10_000) {
  const lines: string[] = [];
  const notes: string[] = [];
  const f = new AppFleet({
    root: resolve(__dirname, '../../..'),
    dist,
    stopTimeoutMs,
    onLine: (name, line) => lines.push(`${name}: ${line}`),
    note: (line) => notes.push(line),
  });
  const up = async (count: number) => {
    for (let i = 0; lines.filter((l) => l.endsWith(': up')).length < count && i < 400; i++) await new Promise((r) => setTimeout(r, 50));
  };
  return { f, lines, notes, up };
}

describe('AppFleet (real processes)', () => {
  it('stop(): SIGTERM to every app at once; clean when each exits 0', async () => {
    const { f, up } = fleet();
    const procs = [f.start(app('station-service', 'graceful')), f.start(app('api-edge', 'graceful'))];
    await up(2);
    const end = await f.stop();
    expect(end).toEqual({
      cause: 'stopped',
      clean: true,
      exits: [
        { name: 'station-service', code: 0, signal: null },
        { name: 'api-edge', code: 0, signal: null },
      ],
    });
    expect(procs.every((p) => p.exited)).toBe(true);
    await expect(f.ended).resolves.toBe(end);
    expect(() => f.start(app('report-service', 'graceful'))).toThrow(/stopping/);
  });

  it('an app that ignores SIGTERM is killed after the stop time-out; the stop is then not clean', async () => {
    const { f, up, notes } = fleet(500);
    f.start(app('ocpp-gateway', 'stubborn'));
    await up(1);
    const end = await f.stop();
    expect(end).toMatchObject({ cause: 'stopped', clean: false, exits: [{ name: 'ocpp-gateway', code: null, signal: 'SIGKILL' }] });
    expect(notes).toContain('ocpp-gateway did not stop within 500 ms: killing it');
  });

  it('an app that exits on its own is named, and the others are stopped', async () => {
    const { f, lines, notes, up } = fleet();
    const other = f.start(app('session-service', 'graceful'));
    const crashing = f.start(app('billing-service', 'crashing'));
    await up(2);
    crashing.signal('SIGUSR2');
    const end = await f.ended;
    expect(end).toMatchObject({ cause: 'app-exited', app: 'billing-service', exit: { code: 3, signal: null } });
    expect(end.exits).toContainEqual({ name: 'session-service', code: 0, signal: null });
    expect(other.exited).toBe(true);
    expect(f.failed).toMatchObject({ app: 'billing-service' });
    expect(notes).toContain('billing-service exited on its own (exit code 3); stopping the other apps');
    expect(lines).toContain('billing-service: boom');
  });

  it('kill(): SIGKILL to every app', async () => {
    const { f, up } = fleet();
    f.start(app('customer-service', 'stubborn'));
    await up(1);
    const stopping = f.stop();
    f.kill();
    expect((await stopping).exits).toEqual([{ name: 'customer-service', code: null, signal: 'SIGKILL' }]);
  });
});
