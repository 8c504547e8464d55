/**
 * Scenario 1: idle connections. Memory per connection = (RSS after GC with N stations − RSS after
 * GC before) / N, for Voltlane's gateway (profile 1 Basic auth, boot Accepted) and the baselines.
 */
import { resolve } from 'node:path';
import { LoaderPool, ServerProcess, freePort, log, round, sleep, sum } from '../lib/proc';
import { STATION_PASSWORD, provisionStations, scenarioSuffix, startGateway, type RunContext } from '../lib/stack';
import { fmt, type ScenarioResult } from '../lib/result';
import { PER_PROCESS_CONNECTIONS, ensureSuffixTopics } from './common';

type Kind = 'bare' | 'ocpp-rpc' | 'voltlane';

interface Tier {
  kind: Kind;
  connections: number;
  processes: number;
  connected: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  bytesPerConnection: number;
  heapBytesPerConnection: number;
  connectSeconds: number;
  handshakeFailures: number;
}

async function measure(ctx: RunContext, kind: Kind, connections: number, settleSeconds: number): Promise<Tier> {
  const processes = Math.ceil(connections / PER_PROCESS_CONNECTIONS);
  const suffix = scenarioSuffix(ctx, 's1');
  const servers: { proc: ServerProcess; url: string }[] = [];
  const pools: LoaderPool[] = [];
  try {
    for (let p = 0; p < processes; p++) {
      if (kind === 'voltlane') {
        const gw = await startGateway(ctx, `s1-gateway-${connections}-${p}`, suffix, { OCPP_PERMESSAGE_DEFLATE: 'false' });
        servers.push({ proc: gw.proc, url: gw.url });
      } else {
        const port = await freePort();
        const proc = await ServerProcess.baseline(kind, port, ctx.logDir);
        servers.push({ proc, url: `ws://127.0.0.1:${port}/ocpp` });
      }
    }
    await sleep(2_000);
    const before = await Promise.all(servers.map((s) => s.proc.memory()));
    const perServer = Math.ceil(connections / processes);
    const started = performance.now();
    const statuses = await Promise.all(
      servers.map(async (s, p) => {
        const count = Math.min(perServer, connections - p * perServer);
        const pool = await LoaderPool.start(Math.max(1, Math.ceil(count / 10_000)), resolve(ctx.logDir), `s1-${kind}-${connections}-${p}`);
        pools.push(pool);
        return pool.connect({
          url: s.url,
          prefix: ctx.prefix,
          start: p * perServer,
          count,
          ...(kind === 'voltlane' ? { password: STATION_PASSWORD } : {}),
          boot: false,
          concurrency: 200,
          timeoutMs: 300_000,
        });
      }),
    );
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(settleSeconds * 1000);
    const after = await Promise.all(servers.map((s) => s.proc.memory()));
    const connected = sum(statuses.map((s) => s.status.open));
    const rssBefore = sum(before.map((m) => m.after.rss));
    const rssAfter = sum(after.map((m) => m.after.rss));
    const heapBefore = sum(before.map((m) => m.after.heapUsed + m.after.external));
    const heapAfter = sum(after.map((m) => m.after.heapUsed + m.after.external));
    const tier: Tier = {
      kind,
      connections,
      processes,
      connected,
      rssBeforeMb: round(rssBefore / 2 ** 20, 1),
      rssAfterMb: round(rssAfter / 2 ** 20, 1),
      bytesPerConnection: Math.round((rssAfter - rssBefore) / Math.max(1, connected)),
      heapBytesPerConnection: Math.round((heapAfter - heapBefore) / Math.max(1, connected)),
      connectSeconds: round(connectSeconds, 1),
      handshakeFailures: sum(statuses.map((s) => s.status.handshakeFailures)),
    };
    log(
      `s1 ${kind} ${connections}: ${connected} connected in ${tier.connectSeconds} s, ${fmt(tier.bytesPerConnection / 1024, 2)} KB/conn (heap+external ${fmt(tier.heapBytesPerConnection / 1024, 2)} KB)`,
    );
    return tier;
  } finally {
    await Promise.all(pools.map((p) => p.stop()));
    await Promise.all(servers.map((s) => s.proc.stop('SIGTERM', 30_000)));
  }
}

export async function idleScenario(ctx: RunContext, counts: number[], settleSeconds = 5): Promise<ScenarioResult> {
  await provisionStations(ctx, Math.max(...counts));
  await ensureSuffixTopics(ctx.kafkaBrokers, scenarioSuffix(ctx, 's1'));
  const tiers: Tier[] = [];
  for (const n of counts)
    for (const kind of ['bare', 'ocpp-rpc', 'voltlane'] as Kind[]) tiers.push(await measure(ctx, kind, n, settleSeconds));
  const figures = counts.flatMap((n) => {
    const get = (k: Kind): Tier => tiers.find((t) => t.kind === k && t.connections === n) as Tier;
    const ratio = get('voltlane').bytesPerConnection / Math.max(1, get('bare').bytesPerConnection);
    const allConnected = get('voltlane').connected === n;
    return [
      { name: `${fmt(n, 0)} idle: Voltlane KB per connection`, value: round(get('voltlane').bytesPerConnection / 1024, 2), unit: 'KB' },
      {
        name: `${fmt(n, 0)} idle: bare / ocpp-rpc KB per connection`,
        value: `${fmt(get('bare').bytesPerConnection / 1024, 2)} / ${fmt(get('ocpp-rpc').bytesPerConnection / 1024, 2)}`,
        unit: 'KB',
      },
      { name: `${fmt(n, 0)} idle: Voltlane ÷ bare`, value: round(ratio, 2), target: '≤ 1.5 × bare', met: ratio <= 1.5 && allConnected },
      {
        name: `${fmt(n, 0)} idle: stations connected and authenticated`,
        value: `${get('voltlane').connected} / ${n}`,
        target: 'all',
        met: allConnected,
      },
    ];
  });
  return {
    id: 1,
    title: 'Idle connections (memory per connection, after GC)',
    figures,
    tables: [
      {
        title: 'Idle connections per server',
        columns: [
          'server',
          'connections',
          'processes',
          'connected',
          'RSS before MB',
          'RSS after MB',
          'KB / conn (RSS)',
          'KB / conn (heap+external)',
          'connect s',
          'handshake failures',
        ],
        rows: tiers.map((t) => [
          t.kind,
          t.connections,
          t.processes,
          t.connected,
          t.rssBeforeMb,
          t.rssAfterMb,
          round(t.bytesPerConnection / 1024, 2),
          round(t.heapBytesPerConnection / 1024, 2),
          t.connectSeconds,
          t.handshakeFailures,
        ]),
      },
    ],
    notes: [
      `The hard RLIMIT_NOFILE of this machine is ${process.env.BENCH_HARD_NOFILE ?? '20000'} and the session lacks CAP_SYS_RESOURCE to raise it, so one process holds at most ~19,900 sockets; counts above ${fmt(PER_PROCESS_CONNECTIONS, 0)} are spread over ⌈N / ${fmt(PER_PROCESS_CONNECTIONS, 0)}⌉ processes of the same server (the same for every server), and the figure is Σ RSS delta / Σ connections.`,
      `Memory is read ${settleSeconds} s after the last station connected (--idle-settle).` +
        (process.env.MALLOC_ARENA_MAX ? ` MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX} for every process.` : '') +
        ' Every process runs with --expose-gc; a preloaded hook (bench/src/servers/gc-hook.js) runs gc() twice before each memoryUsage() reading. Baselines have no authentication; Voltlane stations use profile 1 Basic auth with boot status Accepted, the gateway with OCPP_PERMESSAGE_DEFLATE=false like the baselines.',
    ],
    raw: tiers,
  };
}
