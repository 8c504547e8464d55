/** The benchmark report: JSON with every figure plus a Markdown rendering. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ROOT } from './lib/proc';
import type { ScenarioResult, Table } from './lib/result';

export interface Report {
  runId: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  quick: boolean;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  scenarios: ScenarioResult[];
  failures: { scenario: number; error: string }[];
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return 'n/a';
  }
}

function pkgVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'n/a';
  }
}

export function machineInfo(): Record<string, string | number> {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'n/a',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    nofileSoft: tryRun('bash', ['-c', 'ulimit -n']),
    nofileHard: tryRun('bash', ['-c', 'ulimit -Hn']),
    loadAverageAtStart: tryRun('cat', ['/proc/loadavg']),
  };
}

export function versions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  let kafkaPom = '';
  try {
    kafkaPom = readFileSync(resolve(ROOT, 'deploy/local/kafka/pom.xml'), 'utf8');
  } catch {
    /* no pom */
  }
  return {
    voltlane: pkg.version,
    commit: tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    ws: pkgVersion('ws'),
    'ocpp-rpc': pkgVersion('ocpp-rpc'),
    kafkajs: pkgVersion('kafkajs'),
    ioredis: pkgVersion('ioredis'),
    typescript: pkgVersion('typescript'),
    tsx: pkgVersion('tsx'),
    kafka: /<kafka.version>([^<]+)</.exec(kafkaPom)?.[1] ?? 'n/a',
    redis: tryRun('redis-server', ['--version']).replace(/^Redis server /, ''),
    postgresql: tryRun('bash', ['-c', 'ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1']),
  };
}

function cell(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : v;
  return s.replace(/\|/g, '\\|');
}

export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  lines.push(`# Voltlane benchmark ${report.runId}${report.quick ? ' (quick)' : ''}`, '');
  lines.push(`Command: \`${report.command}\`  `, `Started ${report.startedAt}, finished ${report.finishedAt}.`, '');
  lines.push('| machine | |', '|---|---|', ...Object.entries(report.machine).map(([k, v]) => `| ${k} | ${cell(v)} |`), '');
  lines.push('| versions | |', '|---|---|', ...Object.entries(report.versions).map(([k, v]) => `| ${k} | ${cell(v)} |`), '');
  lines.push('## Summary', '', '| # | figure | value | target | met |', '|---|---|---|---|---|');
  for (const s of report.scenarios) {
    for (const f of s.figures) {
      lines.push(
        `| ${s.id} | ${cell(f.name)} | ${cell(f.value)}${f.unit && typeof f.value === 'number' ? ` ${f.unit}` : ''} | ${cell(f.target)} | ${f.met === undefined ? '' : f.met ? 'met' : '**missed**'} |`,
      );
    }
  }
  for (const failure of report.failures) lines.push(`| ${failure.scenario} | scenario failed | ${cell(failure.error)} | | **missed** |`);
  lines.push('');
  const table = (t: Table): void => {
    lines.push(`**${t.title}**`, '', `| ${t.columns.map(cell).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
    for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
    lines.push('');
  };
  for (const s of report.scenarios) for (const t of s.summaryTables ?? []) table({ ...t, title: `${s.id}. ${t.title}` });
  for (const s of report.scenarios) {
    lines.push(`## ${s.id}. ${s.title}`, '');
    for (const t of s.tables) table(t);
    for (const n of s.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function writeReport(report: Report, outDir: string): { json: string; md: string } {
  mkdirSync(outDir, { recursive: true });
  const json = resolve(outDir, 'report.json');
  const md = resolve(outDir, 'report.md');
  writeFileSync(json, JSON.stringify(report, null, 2));
  writeFileSync(md, renderMarkdown(report));
  const latest = resolve(outDir, '..');
  copyFileSync(json, resolve(latest, report.quick ? 'latest-quick.json' : 'latest.json'));
  copyFileSync(md, resolve(latest, report.quick ? 'latest-quick.md' : 'latest.md'));
  return { json, md };
}
