/**
 * Scenario 5: reconnect storm. N booted stations; the gateway is killed (SIGKILL: every socket
 * drops at once) and started again on the same port; stations reconnect with jittered
 * exponential back-off and boot again through the pipeline.
 */
import { LoaderPool, ProcSampler, log, readProc, round, sleep } from '../lib/proc';
import { STATION_PASSWORD, launchGateway, startGateway, startScenarioServices, type GatewayHandle, type RunContext } from '../lib/stack';
import { fmt, type ScenarioResult } from '../lib/result';
import { readTcpCounters, tcpCounterDelta } from '../lib/netstat';

export interface ReconnectOptions {
  stations: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

export async function reconnectScenario(ctx: RunContext, options: ReconnectOptions): Promise<ScenarioResult> {
  const { suffix, services } = await startScenarioServices(ctx, 's5', options.stations, ['station']);
  let gw: GatewayHandle | undefined;
  let pool: LoaderPool | undefined;
  try {
    gw = await startGateway(ctx, 's5-gateway', suffix, { GATEWAY_INSTANCE_ID: `s5-gateway-${ctx.runId}` });
    pool = await LoaderPool.start(Math.max(1, Math.ceil(options.stations / 5_000)), ctx.logDir, 's5');
    const first = await pool.connect({
      url: gw.url,
      prefix: ctx.prefix,
      start: 0,
      count: options.stations,
      password: STATION_PASSWORD,
      boot: true,
      reconnect: { minMs: options.minBackoffMs, maxMs: options.maxBackoffMs },
      concurrency: 200,
      timeoutMs: 300_000,
    });
    log(`s5: ${first.status.booted}/${options.stations} booted in ${round(first.elapsedMs / 1000, 1)} s; killing the gateway`);
    await sleep(3_000);
    await pool.resetStats();
    const beforeRss = readProc(gw.proc.pid)?.rssBytes ?? 0;
    const tcpBefore = readTcpCounters();
    const t0 = performance.now();
    await gw.proc.stop('SIGKILL');
    const restartStarted = performance.now();
    gw = await launchGateway(ctx, 's5-gateway-restarted', gw.env, gw.port, gw.opsPort);
    const restartSeconds = (performance.now() - restartStarted) / 1000;
    const sampler = new ProcSampler(
      [
        { name: 'gateway', pid: gw.proc.pid },
        { name: 'station-service', pid: services[0].pid },
        ...pool.pids.map((pid, i) => ({ name: `load-${i}`, pid })),
      ],
      250,
    ).start();
    let allConnected: number | undefined;
    let allBooted: number | undefined;
    const deadline = Date.now() + 300_000;
    let status = await pool.status();
    const curve: [number, number, number][] = [];
    while (Date.now() < deadline) {
      status = await pool.status();
      const t = (performance.now() - t0) / 1000;
      curve.push([round(t, 1), status.open, status.booted]);
      if (allConnected === undefined && status.open === options.stations) allConnected = t;
      if (status.booted === options.stations) {
        allBooted = t;
        break;
      }
      await sleep(500);
    }
    const procs = sampler.stop();
    const tcp = tcpCounterDelta(tcpBefore, readTcpCounters());
    const refused = Object.entries(status.handshakeFailuresByReason)
      .filter(([k]) => k === 'ECONNREFUSED' || k === 'HTTP 503')
      .reduce((a, [, v]) => a + v, 0);
    const otherHandshake = status.handshakeFailures - refused;
    const errors = status.callErrors + status.timeouts + otherHandshake;
    const gwProc = procs.find((p) => p.name === 'gateway');
    return {
      id: 5,
      title: `Reconnect storm (${fmt(options.stations, 0)} booted stations, gateway killed and restarted)`,
      figures: [
        {
          name: 'seconds until all reconnected',
          value: allConnected !== undefined ? round(allConnected, 1) : 'not reached',
          unit: 's',
          met: allConnected !== undefined,
        },
        {
          name: 'seconds until all reconnected and booted again',
          value: allBooted !== undefined ? round(allBooted, 1) : `not reached (${status.booted}/${options.stations})`,
          unit: 's',
          met: allBooted !== undefined,
        },
        {
          name: 'errors (CALLERRORs, time-outs, failed handshakes other than refused-while-down)',
          value: errors,
          target: '0',
          met: errors === 0,
        },
        { name: 'connection attempts refused while the gateway was down', value: refused },
        { name: 'gateway restart to ready (s)', value: round(restartSeconds, 1), unit: 's' },
        {
          name: 'gateway peak RSS during the storm (MB) / before the kill',
          value: `${gwProc?.rssMbPeak ?? 'n/a'} / ${round(beforeRss / 2 ** 20, 1)}`,
          unit: 'MB',
        },
      ],
      tables: [
        {
          title: 'Processes during the storm (sampled every 250 ms)',
          columns: ['process', 'CPU % avg', 'CPU % peak', 'RSS MB peak', 'RSS MB end'],
          rows: procs.map((p) => [p.name, p.cpuPercentAvg, p.cpuPercentPeak, p.rssMbPeak, p.rssMbEnd]),
        },
        {
          title: 'Recovery curve (every ~5 s)',
          columns: ['t s', 'connected', 'booted'],
          rows: curve.filter((_, i) => i % 10 === 0 || i === curve.length - 1),
        },
      ],
      notes: [
        `Kernel TCP counters during the storm (machine-wide deltas): ${JSON.stringify(tcp)}.`,
        `Back-off: delay = min(${options.maxBackoffMs}, ${options.minBackoffMs} × 2^attempt) × U(0.5, 1); every reconnect sends BootNotification, answered by the station-service through Kafka and Redis. Failure reasons: ${JSON.stringify(status.handshakeFailuresByReason)}; CALLERROR codes: ${JSON.stringify(status.callErrorsByCode)}.`,
      ],
      raw: { allConnected, allBooted, status, curve, procs, restartSeconds, tcp },
    };
  } finally {
    await pool?.stop();
    await gw?.proc.stop('SIGTERM', 30_000);
    await Promise.all(services.map((s) => s.stop('SIGTERM', 30_000)));
  }
}
