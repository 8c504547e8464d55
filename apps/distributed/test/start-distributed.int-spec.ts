import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { IsolatedRun, TestStation, ensureCompiledBuild, ensureConsoleBuild, freePort, uniqueName, waitFor } from '@voltlane/testing';
import { APP_NAMES, SERVICES, servicePortVariable } from '../src/index';

const ROOT = resolve(__dirname, '../../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm run start:distributed` as an engineer runs it (the compiled launcher, without the build
 * step): on the test servers, every app its own process on free ports, a real station and the
 * operator API through the api-edge, then Ctrl-C.
 */
describe('npm run start:distributed', () => {
  const run = new IsolatedRun('dist', SERVICES);
  let launcher: ChildProcess | undefined;
  let output = '';
  let pids: number[] = [];

  beforeAll(async () => {
    await Promise.all([ensureCompiledBuild(), ensureConsoleBuild()]);
  }, 240_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    await run.cleanUp();
  }, 60_000);

  it('runs every app as its own process, serves a station and the API through the api-edge, and stops on Ctrl-C', async () => {
    const free = new Set<number>();
    while (free.size < 3 + SERVICES.length) free.add(await freePort());
    const [ocpp, ops, edge, ...service] = [...free];
    const ports: Record<string, number> = {
      OCPP_PORT: ocpp,
      GATEWAY_OPS_PORT: ops,
      API_PORT: edge,
      ...Object.fromEntries(SERVICES.map((s, i) => [servicePortVariable(s), service[i]])),
    };
    const env: NodeJS.ProcessEnv = {
      ...run.env(),
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      LOG_LEVEL: 'info',
    };
    launcher = spawn(process.execPath, ['-r', './scripts/register-paths.js', 'dist/apps/distributed/src/main.js'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => launcher?.once('exit', (code) => r(code)));
    await waitFor(() => output.includes('Voltlane is running') || launcher?.exitCode !== null, {
      timeoutMs: 90_000,
      intervalMs: 250,
      message: `the banner; output so far:\n${output.slice(-4_000)}`,
    });
    expect(output).toContain('Voltlane is running');

    // The banner: one line per app with its pid and ops URLs; the admin key it made.
    pids = APP_NAMES.map((name) => Number(new RegExp(`^ {4}${name} +pid (\\d+) `, 'm').exec(output)?.[1]));
    expect(pids.every((pid) => pid > 0 && alive(pid))).toBe(true);
    expect(new Set(pids).size).toBe(APP_NAMES.length);
    const adminKey = /Admin API key \(made on this start[^\n]*\n\s+(vl_\S+)/.exec(output)?.[1] as string;
    expect(adminKey).toMatch(/^vl_/);
    expect(output).toContain(`ws://127.0.0.1:${ports.OCPP_PORT}/ocpp/<station-id>`);
    const api = `http://127.0.0.1:${ports.API_PORT}`;
    expect(output).toContain(`${api}/api/v1`);
    // The operator console, from the api-edge's process (its build in dist/console), at / and its routes.
    for (const page of ['/', '/stations/CP-1']) {
      const html = await fetch(`${api}${page}`);
      expect([page, html.status, html.headers.get('content-type')]).toEqual([page, 200, 'text/html; charset=utf-8']);
      expect(await html.text()).toContain('<div id="root">');
    }
    expect(output).toContain('(from the environment)'); // the servers named by the env: infra.sh not run
    // Every app's lines carry its name (the services' migrations and their logs).
    for (const name of APP_NAMES) expect(output).toMatch(new RegExp(`^${name} +\\| \\S`, 'm'));

    const opsPorts = [ports.GATEWAY_OPS_PORT, ...SERVICES.map((s) => ports[servicePortVariable(s)]), ports.API_PORT];
    for (const port of opsPorts) expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    // A station boots through the gateway; the station-service (another process) accepts it.
    const id = uniqueName('cs');
    const station = await TestStation.connect(`ws://127.0.0.1:${ports.OCPP_PORT}/ocpp/${id}`, ['ocpp1.6']);
    const boot = await station.call('BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'Distributed' });
    expect(boot[0]).toBe(3);
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    // No trace exporter here, yet the station-service's lines about the frame carry its trace id
    // (the gateway's traceparent, continued through Kafka).
    const decided = () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('station-service'))
        .map((line) => line.slice(line.indexOf('| ') + 2))
        .filter((text) => text.startsWith('{'))
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((line) => line.msg === 'boot decided' && line.stationId === id);
    await waitFor(() => decided() !== undefined, { message: "the station-service's 'boot decided' line" });
    expect(decided()?.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);

    // The operator sees it through the api-edge with the printed key; a wrong key is refused.
    const read = (key: string) => fetch(`${api}/api/v1/stations/${id}`, { headers: { 'x-api-key': key } });
    await waitFor(async () => ((await (await read(adminKey)).json()) as { bootStatus?: string }).bootStatus === 'Accepted', {
      message: 'station seen through the API',
    });
    expect((await read('vl_000000000000_wrongwrongwrongwrongwrongwrongwr')).status).toBe(401);
    station.socket.terminate();

    // Ctrl-C: every app stops, the launcher exits 0.
    const stopAt = Date.now();
    launcher.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 30_000)))]);
    clearTimeout(timer);
    expect({ code, output: code === 0 ? '' : output.slice(-6_000) }).toEqual({ code: 0, output: '' });
    expect(Date.now() - stopAt).toBeLessThan(30_000);
    expect(pids.filter(alive)).toEqual([]);
    expect(output).toContain('every app stopped');
  }, 120_000);
});
