/**
 * Kernel TCP counters (/proc/net/netstat TcpExt, /proc/net/snmp Tcp) read before and after a
 * scenario: where handshakes are dropped or reset (accept-queue overflow, SYN-queue drops,
 * resets). The counters are machine-wide, so traffic of other processes is included.
 */
import { readFileSync } from 'node:fs';

const WATCHED = [
  'TcpExt.ListenOverflows',
  'TcpExt.ListenDrops',
  'TcpExt.TCPReqQFullDrop',
  'TcpExt.TCPReqQFullDoCookies',
  'TcpExt.SyncookiesSent',
  'TcpExt.SyncookiesFailed',
  'TcpExt.TCPAbortOnData',
  'TcpExt.TCPAbortOnClose',
  'TcpExt.TCPBacklogDrop',
  'TcpExt.TCPTimeWaitOverflow',
  'TcpExt.TW',
  'TcpExt.TWRecycled',
  'Tcp.AttemptFails',
  'Tcp.EstabResets',
  'Tcp.OutRsts',
] as const;

export type TcpCounters = Record<string, number>;

function parse(file: string): TcpCounters {
  const out: TcpCounters = {};
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    return out;
  }
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i].split(/\s+/);
    const values = lines[i + 1].split(/\s+/);
    const prefix = names[0].replace(/:$/, '');
    for (let j = 1; j < names.length; j++) out[`${prefix}.${names[j]}`] = Number(values[j]);
  }
  return out;
}

export function readTcpCounters(): TcpCounters {
  return { ...parse('/proc/net/snmp'), ...parse('/proc/net/netstat') };
}

/** The watched counters that changed between two readings. */
export function tcpCounterDelta(before: TcpCounters, after: TcpCounters): TcpCounters {
  const delta: TcpCounters = {};
  for (const name of WATCHED) {
    const d = (after[name] ?? 0) - (before[name] ?? 0);
    if (d !== 0) delta[name] = d;
  }
  return delta;
}
