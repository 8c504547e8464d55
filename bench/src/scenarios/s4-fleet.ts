/**
 * Scenario 4: a realistic fleet. Stations beat every 60 s, a share is charging and sends
 * MeterValues every 30 s, for a given duration; CPU and memory of every process from /proc.
 */
import { LoaderPool, ProcSampler, log, round, sum } from '../lib/proc';
import { STATION_PASSWORD, infraProcesses, startGateway, startScenarioServices, type GatewayHandle, type RunContext } from '../lib/stack';
import { fmt, type ScenarioResult } from '../lib/result';
import { PER_PROCESS_CONNECTIONS, latency } from './common';

export interface FleetOptions {
  stations: number;
  durationSeconds: number;
  sessionShare: number;
}

export async function fleetScenario(ctx: RunContext, options: FleetOptions): Promise<ScenarioResult> {
  const { suffix, services } = await startScenarioServices(ctx, 's4', options.stations, [
    'station',
    'customer',
    'session',
    'metering',
    'billing',
  ]);
  const gateways: GatewayHandle[] = [];
  const pools: LoaderPool[] = [];
  const gatewayCount = Math.ceil(options.stations / PER_PROCESS_CONNECTIONS);
  try {
    for (let g = 0; g < gatewayCount; g++) gateways.push(await startGateway(ctx, `s4-gateway-${g}`, suffix));
    const per = Math.ceil(options.stations / gatewayCount);
    const started = performance.now();
    const connected = await Promise.all(
      gateways.map(async (gw, g) => {
        const count = Math.min(per, options.stations - g * per);
        const pool = await LoaderPool.start(Math.max(1, Math.ceil(count / 5_000)), ctx.logDir, `s4-${g}`);
        pools.push(pool);
        return pool.connect({
          url: gw.url,
          prefix: ctx.prefix,
          start: g * per,
          count,
          password: STATION_PASSWORD,
          boot: false,
          concurrency: 200,
          timeoutMs: 300_000,
        });
      }),
    );
    const open = sum(connected.map((c) => c.status.open));
    log(
      `s4: ${open}/${options.stations} connected in ${round((performance.now() - started) / 1000, 1)} s; running ${options.durationSeconds} s`,
    );
    const infra = await infraProcesses(ctx);
    const sampler = new ProcSampler(
      [
        ...gateways.map((g, i) => ({ name: `gateway-${i}`, pid: g.proc.pid })),
        ...services.map((s) => ({ name: s.name.replace(suffix, ''), pid: s.pid })),
        ...pools.flatMap((p, g) => p.pids.map((pid, i) => ({ name: `load-${g}-${i}`, pid }))),
        ...infra,
      ],
      2_000,
    ).start();
    await Promise.all(pools.map((p) => p.resetStats()));
    const results = await Promise.all(
      pools.map((p) =>
        p.run(
          {
            cmd: 'fleet',
            durationMs: options.durationSeconds * 1000,
            heartbeatMs: 60_000,
            meterMs: 30_000,
            sessionShare: options.sessionShare,
          },
          options.durationSeconds * 1000 + 120_000,
        ),
      ),
    );
    const procs = sampler.stop();
    const hist = results[0].histogram;
    for (const r of results.slice(1)) hist.merge(r.histogram);
    const byAction = new Map<string, ReturnType<typeof latency>>();
    for (const action of ['Heartbeat', 'MeterValues']) {
      const parts = results.map((r) => r.byAction[action]).filter((h) => h !== undefined);
      if (parts.length) byAction.set(action, latency(parts.slice(1).reduce((a, h) => a.merge(h), parts[0])));
    }
    const l = latency(hist);
    const sent = sum(results.map((r) => r.result.sent));
    const answered = sum(results.map((r) => r.result.answered));
    const errors = sum(results.map((r) => r.status.callErrors + r.status.timeouts));
    const dropped = sum(results.map((r) => r.status.closes));
    const stillOpen = sum(results.map((r) => r.status.open));
    const errorCodes: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.status.callErrorsByCode)) errorCodes[k] = (errorCodes[k] ?? 0) + v;
    const ok = errors === 0 && dropped === 0 && answered === sent && open === options.stations;
    const mv = byAction.get('MeterValues');
    return {
      id: 4,
      title: `Realistic fleet (${fmt(options.stations, 0)} stations, Heartbeat every 60 s, ${Math.round(options.sessionShare * 100)} % charging with MeterValues every 30 s, ${options.durationSeconds} s)`,
      figures: [
        {
          name: 'stations connected / still connected at the end',
          value: `${open} / ${stillOpen}`,
          target: `${options.stations}`,
          met: open === options.stations && stillOpen === options.stations,
        },
        { name: 'CALLs sent / answered', value: `${sent} / ${answered}` },
        { name: 'errors (CALLERRORs + time-outs + dropped sockets)', value: errors + dropped, target: '0', met: ok },
        { name: 'end-to-end p50 / p99 ms (all CALLs)', value: `${l.p50} / ${l.p99}` },
        { name: 'MeterValues (full pipeline) p50 / p99 ms', value: mv ? `${mv.p50} / ${mv.p99}` : 'n/a' },
        {
          name: 'gateway CPU % avg (sum of gateways)',
          value: round(sum(procs.filter((p) => p.name.startsWith('gateway')).map((p) => p.cpuPercentAvg)), 1),
          unit: '% of one core',
        },
        {
          name: 'gateway RSS MB peak (sum of gateways)',
          value: round(sum(procs.filter((p) => p.name.startsWith('gateway')).map((p) => p.rssMbPeak)), 1),
          unit: 'MB',
        },
      ],
      tables: [
        {
          title: 'CPU and memory per process (sampled every 2 s from /proc/<pid>/stat and status)',
          columns: ['process', 'pid', 'CPU % avg', 'CPU % peak', 'RSS MB avg', 'RSS MB peak', 'RSS MB end'],
          rows: procs.map((p) => [p.name, p.pid, p.cpuPercentAvg, p.cpuPercentPeak, p.rssMbAvg, p.rssMbPeak, p.rssMbEnd]),
        },
        {
          title: 'Latency per action',
          columns: ['action', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
          rows: [...byAction.entries()].map(([a, x]) => [a, x.p50, x.p95, x.p99, x.max]),
        },
      ],
      notes: [
        `${gatewayCount} gateway process(es): with RLIMIT_NOFILE hard-capped at ${process.env.BENCH_HARD_NOFILE ?? '20000'} one process cannot hold 20,000 sockets plus its own files, so the fleet is split over ⌈N / ${fmt(PER_PROCESS_CONNECTIONS, 0)}⌉ gateways on the same Kafka/Redis (the horizontal deployment).`,
        'Heartbeat is answered in the gateway (GATEWAY_LOCAL_HEARTBEAT=true); MeterValues go through Kafka to the metering-service. Timers start at a random phase. Error codes: ' +
          (Object.keys(errorCodes).length ? JSON.stringify(errorCodes) : 'none') +
          '.',
      ],
      raw: { procs, latency: l, byAction: Object.fromEntries(byAction), sent, answered, errors, dropped, errorCodes },
    };
  } finally {
    await Promise.all(pools.map((p) => p.stop()));
    await Promise.all(gateways.map((g) => g.proc.stop('SIGTERM', 30_000)));
    await Promise.all(services.map((s) => s.stop('SIGTERM', 30_000)));
  }
}
