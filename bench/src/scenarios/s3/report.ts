/** Scenario 3's figures, the systems side by side, and the detail tables. */
import { round } from '../../lib/proc';
import type { ProfileSummary } from '../../lib/profile';
import { fmt, type Figure, type ScenarioResult, type Table } from '../../lib/result';
import { pipelineTimeGoes } from '../../lib/time-goes';
import { profileTables } from '../common';
import { isSustained, sustainedStep, type Step } from './steps';
import type { StormResult } from './storm';
import type { SystemName } from './systems';

export interface SystemRun {
  name: SystemName;
  steps: Step[];
  /** CPU % (of one core) of its processes and infrastructure, idle after start. */
  idleCpuPercent?: number;
  setup?: { stations: number; booted: number; connectS: number; transactions: number; startP99: number };
  storm?: StormResult;
  profile?: ProfileSummary;
  notes: string[];
  error?: string;
}

export interface PipelineOptions {
  stations: number;
  steps: number[];
  stepSeconds: number;
  stormStations: number;
  stormConcurrency: number;
  systems: SystemName[];
}

/** Targets against the monolith: sustained rate, CPU per CALL (same offered step), boot storm time. */
const TARGETS: Partial<Record<SystemName, { sustained: number; cpu: number; storm?: number }>> = {
  allinone: { sustained: 1.0, cpu: 1.5, storm: 1.5 },
  distributed: { sustained: 0.5, cpu: 3 },
};

const ACTIONS = ['MeterValues', 'StatusNotification', 'Heartbeat'];
const STORM_STEPS = ['connect', 'BootNotification', 'StatusNotification', 'StartTransaction', 'station'];
const met = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'met' : '**missed**');
const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b, 2) : undefined;
const pp = (v: { p50: number; p99: number } | undefined): string => (v ? `${fmt(v.p50, 1)} / ${fmt(v.p99, 1)}` : '');

/**
 * The offered step CPU per CALL is compared at: the highest step every system sustained; else
 * the lowest step every system ran (flagged).
 */
function commonStep(runs: SystemRun[]): { offered: number; sustainedByAll: boolean } | undefined {
  const ran = runs.filter((r) => r.steps.length > 0);
  if (ran.length === 0) return undefined;
  const offered = [...new Set(ran.flatMap((r) => r.steps.map((s) => s.offered)))].sort((a, b) => b - a);
  const all = offered.find((o) => ran.every((r) => r.steps.some((s) => s.offered === o && isSustained(s))));
  if (all !== undefined) return { offered: all, sustainedByAll: true };
  const lowest = [...offered].reverse().find((o) => ran.every((r) => r.steps.some((s) => s.offered === o)));
  return lowest === undefined ? undefined : { offered: lowest, sustainedByAll: false };
}

interface Summary {
  run: SystemRun;
  sustained: number;
  p99?: number;
  cpuOwn?: number;
  cpuCommon?: number;
  stormS?: number;
}

export function pipelineResult(runs: SystemRun[], options: PipelineOptions): ScenarioResult {
  const common = commonStep(runs);
  const summaries: Summary[] = runs.map((run) => {
    const top = sustainedStep(run.steps);
    const at = common ? run.steps.find((s) => s.offered === common.offered) : undefined;
    return {
      run,
      sustained: top?.achieved ?? 0,
      ...(top ? { p99: top.p99, cpuOwn: top.cpuMsPerCall } : {}),
      ...(at ? { cpuCommon: at.cpuMsPerCall } : {}),
      ...(run.storm ? { stormS: run.storm.elapsedS } : {}),
    };
  });
  const mono = summaries.find((s) => s.run.name === 'monolith' && !s.run.error);
  const commonLabel = common ? `${common.offered}/s${common.sustainedByAll ? '' : ', not sustained by all'}` : 'n/a';

  const figures: Figure[] = [];
  const rows: (string | number)[][] = [];
  for (const s of summaries) {
    const base = [
      s.run.name,
      s.run.error ? `failed: ${s.run.error}` : s.sustained,
      s.p99 ?? 'n/a',
      s.cpuCommon ?? 'n/a',
      s.cpuOwn ?? 'n/a',
      s.stormS ?? 'n/a',
    ];
    figures.push({
      name: `${s.run.name}: sustained CALLs/s at p99 ≤ 100 ms (p99 ms)`,
      value: s.run.error ? `failed: ${s.run.error}` : `${fmt(s.sustained, 0)} (${s.p99 ?? 'n/a'})`,
    });
    figures.push({
      name: `${s.run.name}: CPU ms per answered CALL, all its processes (at ${commonLabel} / at its sustained step)`,
      value: `${s.cpuCommon ?? 'n/a'} / ${s.cpuOwn ?? 'n/a'}`,
    });
    figures.push({
      name: `${s.run.name}: boot storm of ${fmt(options.stormStations, 0)} stations (s)`,
      value: s.stormS ?? 'n/a',
      unit: 's',
    });
    const target = TARGETS[s.run.name];
    if (s.run.name === 'monolith' || !target) {
      rows.push([...base, s.run.name === 'monolith' ? 'reference' : '', '', '']);
      continue;
    }
    const checks: [string, number | undefined, string, boolean | undefined][] = [];
    const sus = mono && !s.run.error ? ratio(s.sustained, mono.sustained) : undefined;
    checks.push(['sustained ÷ monolith', sus, `≥ ${target.sustained}`, sus === undefined ? undefined : sus >= target.sustained]);
    const cpu = mono ? ratio(s.cpuCommon, mono.cpuCommon) : undefined;
    checks.push([`CPU/CALL ÷ monolith at ${commonLabel}`, cpu, `≤ ${target.cpu}`, cpu === undefined ? undefined : cpu <= target.cpu]);
    const storm = mono ? ratio(s.stormS, mono.stormS) : undefined;
    checks.push([
      'boot storm time ÷ monolith',
      storm,
      target.storm !== undefined ? `≤ ${target.storm}` : '',
      target.storm === undefined || storm === undefined ? undefined : storm <= target.storm,
    ]);
    checks.forEach(([what, value, t, ok], i) => {
      rows.push([...(i === 0 ? base : [s.run.name, '', '', '', '', '']), `${what}: ${value ?? 'n/a'}`, t, met(ok)]);
      figures.push({
        name: `${s.run.name}: ${what}`,
        value: value ?? 'n/a',
        ...(t ? { target: t } : {}),
        ...(ok === undefined ? {} : { met: ok }),
      });
    });
  }

  const summaryTable: Table = {
    title: `Systems side by side (${fmt(options.stations, 0)} stations, 70 % MeterValues / 20 % StatusNotification / 10 % Heartbeat; boot storm of ${fmt(options.stormStations, 0)} stations)`,
    columns: [
      'system',
      'sustained CALLs/s (p99 ≤ 100 ms)',
      'p99 ms at that step',
      `CPU ms/CALL at ${commonLabel}`,
      'CPU ms/CALL at its sustained step',
      'boot storm s',
      'ratio vs monolith',
      'target',
      'met',
    ],
    rows,
  };

  const tables: Table[] = [
    {
      title: `Latency curve as offered load rises (${options.stations} stations, each in a transaction, ${options.stepSeconds} s per step, open loop); CPU ms per answered CALL summed over the system's processes`,
      columns: [
        'system',
        'offered /s',
        'achieved /s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'errors',
        'skipped (all busy)',
        'CPU ms/CALL',
      ],
      rows: runs.flatMap((r) =>
        r.steps.map((s) => [r.name, s.offered, s.achieved, s.p50, s.p95, s.p99, s.max, s.errors, s.skipped, s.cpuMsPerCall]),
      ),
    },
    {
      title: 'p50 / p99 ms per action per step',
      columns: ['system', 'offered /s', ...ACTIONS.map((a) => `${a} p50 / p99`), 'Kafka leg p50 / p99'],
      rows: runs.flatMap((r) =>
        r.steps.map((s) => [r.name, s.offered, ...ACTIONS.map((a) => pp(s.byAction[a])), s.kafkaLeg ? pp(s.kafkaLeg) : '']),
      ),
    },
    {
      title: 'PostgreSQL statements per answered CALL per step (pg_stat_statements; BEGIN and COMMIT count as statements)',
      columns: ['system', ...[...new Set(runs.flatMap((r) => r.steps.map((s) => s.offered)))].map((o) => `${o}/s`)],
      rows: runs.map((r) => [
        r.name,
        ...[...new Set(runs.flatMap((x) => x.steps.map((s) => s.offered)))].map(
          (o) => r.steps.find((s) => s.offered === o)?.statements?.perCall ?? '',
        ),
      ]),
    },
    ...runs.flatMap((r): Table[] => {
      const step = r.steps.find((s) => !isSustained(s)) ?? r.steps[r.steps.length - 1];
      return step?.statements
        ? [
            {
              title: `${r.name}: the statements run most at ${step.offered}/s, per answered CALL (calls, PostgreSQL execution ms)`,
              columns: ['per CALL', 'ms per CALL', 'statement'],
              rows: step.statements.top.map((t) => [t.perCall, t.msPerCall, t.query]),
            },
          ]
        : [];
    }),
    ...runs
      .filter((r) => r.steps.length > 0)
      .map((r): Table => {
        const cols = [...new Set(r.steps.flatMap((s) => Object.keys(s.cpu)))];
        return {
          title: `${r.name}: CPU % of one core per process per step (load generators shown, not counted in CPU/CALL)`,
          columns: ['offered /s', 'system CPU ms', 'answered', 'CPU ms/CALL', ...cols.map((c) => `CPU% ${c}`)],
          rows: r.steps.map((s) => [s.offered, s.systemCpuMs, s.answered, s.cpuMsPerCall, ...cols.map((c) => s.cpu[c] ?? '')]),
        };
      }),
    {
      title: 'Set-up before the steps: stations connected and booted, one StartTransaction each',
      columns: [
        'system',
        'idle CPU % (after start, before any station)',
        'stations',
        'booted',
        'connect + boot s',
        'transactions started',
        'StartTransaction p99 ms',
      ],
      rows: runs
        .filter((r) => r.setup)
        .map((r) => [
          r.name,
          r.idleCpuPercent ?? '',
          r.setup!.stations,
          r.setup!.booted,
          r.setup!.connectS,
          r.setup!.transactions,
          r.setup!.startP99,
        ]),
    },
    {
      title: `Boot storm: ${fmt(options.stormStations, 0)} new stations, ${options.stormConcurrency} at a time: connect, BootNotification, StatusNotification for connectors 0, 1, 2, StartTransaction (p50 / p99 ms)`,
      columns: [
        'system',
        'completed',
        'elapsed s',
        'stations/s',
        ...STORM_STEPS.map((a) => (a === 'station' ? 'whole station p50 / p99' : `${a} p50 / p99`)),
        'waited for quiet before s',
        'quiet again after s',
        'system CPU s',
        'failures',
      ],
      rows: runs
        .filter((r) => r.storm)
        .map((r) => {
          const st = r.storm!;
          return [
            r.name,
            `${st.completed}/${st.stations}`,
            st.elapsedS,
            round(st.completed / Math.max(0.001, st.elapsedS), 0),
            ...STORM_STEPS.map((a) => pp(st.byAction[a])),
            st.quietBeforeS,
            st.quietAfterS,
            st.systemCpuS,
            Object.keys(st.failedByStep).length ? JSON.stringify(st.failedByStep) : 'none',
          ];
        }),
    },
    ...runs.flatMap((r) => (r.profile ? profileTables(`${r.name} CPU profile at the highest step reached`, r.profile) : [])),
  ];

  const notes: string[] = [
    `Systems run one after the other on this machine, each with the same ${options.stations} stations (its own id prefix) and the same steps: connect and boot, one StartTransaction per station (connectorId 1, idTag TAG<n % 1000>), a 5 s warm-up at 50/s, then the steps; every MeterValues carries the station's transactionId and two samples (Energy.Active.Import.Register Wh, Power.Active.Import W). Then the pipeline's stations disconnect and the boot storm runs on the same system with new stations.`,
    'Sustained: the highest step answered in full at p99 ≤ 100 ms (no errors, ≥ 95 % of the offered rate answered). Open loop: each load process fires its share of the offered rate every 5 ms at stations with no CALL outstanding (OCPP allows one); "skipped" counts offers when every station was busy. Stepping stops after two saturated steps (< 95 % answered, errors, or p99 > 2 s).',
    `CPU ms per CALL: user + system CPU (/proc/<pid>/stat) over the step, summed over the system's own processes and the infrastructure servers it uses (monolith and allinone: PostgreSQL; distributed: Kafka, Redis and PostgreSQL), divided by the CALLs answered in the step; the load generators are not counted. Idle work (Kafka's own housekeeping, polling) is included, so at low rates it weighs more per CALL. The infrastructure servers are shared with anything else on the machine using them at the time. CPU/CALL ratios are compared at the same offered step (${commonLabel}).`,
    'Tokens: the monolith seeds TAG0..TAG999 as Accepted; the Voltlane systems have no tokens seeded and answer StartTransaction with idTagInfo Invalid (a transactionId all the same; one token lookup either way). Heartbeat: the Voltlane gateway answers it itself (GATEWAY_LOCAL_HEARTBEAT default), the monolith updates last-seen in PostgreSQL.',
    `Boot storm: every CALL sent once (60 s time-out), the handshake retried up to 3 times; elapsed is from the first connect to the last StartTransaction answered. ${options.stormConcurrency} stations in flight at once over two load processes. Quiet: the system's CPU (its processes and infrastructure) below 1.5 × its idle CPU (measured after start) + 5 % of a core for 2 s, waited for at most 120 s before the storm (work the pipeline steps left queued) and after it ("quiet again after": work queued behind the answers); "system CPU s" covers the storm and that tail.`,
    ...runs.flatMap((r) => r.notes),
    ...runs.filter((r) => r.error).map((r) => `${r.name} FAILED: ${r.error}`),
    ...runs.flatMap((r) => {
      const top = r.steps[r.steps.length - 1];
      return top && isSustained(top)
        ? [`${r.name} sustained the highest step offered (${top.offered}/s): its sustained rate is a lower bound (raise --pipeline-steps).`]
        : [];
    }),
    ...runs.flatMap((r) => {
      const first = r.steps.find((s) => !isSustained(s));
      return first
        ? [
            `${r.name}: ${pipelineTimeGoes({ ...first, byAction: Object.fromEntries(Object.entries(first.byAction).map(([a, v]) => [a, v.p99])) })}`,
          ]
        : [];
    }),
  ];

  return {
    id: 3,
    title: `Pipeline against three systems: ${options.systems.join(', ')} (70 % MeterValues in a transaction, 20 % StatusNotification, 10 % Heartbeat) and a boot storm`,
    figures,
    summaryTables: [summaryTable],
    tables,
    notes,
    raw: { runs, common, options },
  };
}
