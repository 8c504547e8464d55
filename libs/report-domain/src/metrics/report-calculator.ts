import type { Bucket } from '../time/buckets';
import { coveredMs, subtract, unionOf, type Interval } from '../intervals/interval';
import { sumDecimals } from '../money/decimal-sum';
import type { BucketMetrics } from './bucket-metrics';
import { DOWN_STATUSES, OCCUPIED_STATUSES, STATION_LEVEL, type StationFacts } from './station-facts';

interface Totals {
  sessions: number;
  energyWh: number;
  sessionMs: number;
  chargingSeconds: number;
  idleSeconds: number;
  occupiedMs: number;
  connectorMs: number;
  upMs: number;
  upBaseMs: number;
  onlineMs: number;
  stationMs: number;
  faults: Map<string, number>;
  revenue: Map<string, { excl: string[]; incl: string[] }>;
}

/** Per station, the interval sets every bucket needs (computed once per report). */
interface StationTimeline {
  facts: StationFacts;
  online: Interval[];
  occupied: Interval[][];
  up: Interval[][];
}

/**
 * The figures of each bucket over the given stations (one station: its own report; all: the
 * network). Time-based figures (occupied, utilisation, uptime, online) are the parts of the
 * intervals inside each bucket, up to `now` (a bucket's future does not count); session figures
 * and revenue belong to the bucket in which the session started.
 */
export function computeBuckets(stations: StationFacts[], buckets: Bucket[], now: Date): BucketMetrics[] {
  const nowMs = now.getTime();
  const timelines = stations.map((facts) => timelineOf(facts, nowMs));
  return buckets.map((bucket) => {
    const totals = emptyTotals();
    for (const timeline of timelines) addStation(totals, timeline, bucket, nowMs);
    return metricsOf(bucket, totals);
  });
}

function timelineOf(facts: StationFacts, nowMs: number): StationTimeline {
  const close = (end: number | null, start: number): number => Math.max(start, end ?? nowMs);
  const online = unionOf(facts.online.map((i) => ({ start: i.start, end: close(i.end, i.start) })));
  const intervalsOf = (connector: string, statuses: ReadonlySet<string>): Interval[] =>
    unionOf(
      facts.statuses
        .filter((s) => s.connector === connector && statuses.has(s.status))
        .map((s) => ({ start: s.start, end: close(s.end, s.start) })),
    );
  const stationDown = intervalsOf(STATION_LEVEL, DOWN_STATUSES);
  // Without known connectors the station itself is the one unit of uptime.
  const units = facts.connectors.length > 0 ? facts.connectors : [STATION_LEVEL];
  return {
    facts,
    online,
    occupied: facts.connectors.map((c) => intervalsOf(c, OCCUPIED_STATUSES)),
    up: units.map((c) => subtract(online, [...stationDown, ...(c === STATION_LEVEL ? [] : intervalsOf(c, DOWN_STATUSES))])),
  };
}

function addStation(totals: Totals, timeline: StationTimeline, bucket: Bucket, nowMs: number): void {
  const start = bucket.start.getTime();
  const end = bucket.end.getTime();
  const observedEnd = Math.min(end, nowMs);
  const length = Math.max(0, observedEnd - start);
  const { facts } = timeline;
  totals.stationMs += length;
  totals.onlineMs += coveredMs(timeline.online, start, observedEnd);
  totals.connectorMs += facts.connectors.length * length;
  for (const occupied of timeline.occupied) totals.occupiedMs += coveredMs(occupied, start, observedEnd);
  totals.upBaseMs += timeline.up.length * length;
  for (const up of timeline.up) totals.upMs += coveredMs(up, start, observedEnd);
  const inBucket = (at: number): boolean => at >= start && at < end;
  for (const session of facts.sessions) {
    if (!inBucket(session.startedAt)) continue;
    totals.sessions += 1;
    totals.energyWh += session.energyWh;
    totals.sessionMs += Math.max(0, (session.endedAt ?? nowMs) - session.startedAt);
    totals.chargingSeconds += session.chargingSeconds;
    totals.idleSeconds += session.idleSeconds;
  }
  for (const fault of facts.faults) {
    if (inBucket(fault.at)) totals.faults.set(fault.errorCode, (totals.faults.get(fault.errorCode) ?? 0) + 1);
  }
  for (const cdr of facts.revenue) {
    if (!inBucket(cdr.startedAt)) continue;
    const sums = totals.revenue.get(cdr.currency) ?? { excl: [], incl: [] };
    sums.excl.push(cdr.totalExclTax);
    sums.incl.push(cdr.totalInclTax);
    totals.revenue.set(cdr.currency, sums);
  }
}

function emptyTotals(): Totals {
  return {
    sessions: 0,
    energyWh: 0,
    sessionMs: 0,
    chargingSeconds: 0,
    idleSeconds: 0,
    occupiedMs: 0,
    connectorMs: 0,
    upMs: 0,
    upBaseMs: 0,
    onlineMs: 0,
    stationMs: 0,
    faults: new Map(),
    revenue: new Map(),
  };
}

/** Percent with two decimals; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

const byKey = <T>(a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function metricsOf(bucket: Bucket, totals: Totals): BucketMetrics {
  return {
    start: bucket.start.toISOString(),
    end: bucket.end.toISOString(),
    startLocal: bucket.startLocal,
    endLocal: bucket.endLocal,
    sessions: totals.sessions,
    energyKwh: Math.round(totals.energyWh) / 1000,
    sessionSeconds: Math.round(totals.sessionMs / 1000),
    chargingSeconds: totals.chargingSeconds,
    idleSeconds: totals.idleSeconds,
    occupiedSeconds: Math.round(totals.occupiedMs / 1000),
    utilisationPercent: percent(totals.occupiedMs, totals.connectorMs),
    uptimePercent: percent(totals.upMs, totals.upBaseMs),
    onlinePercent: percent(totals.onlineMs, totals.stationMs),
    faults: [...totals.faults].sort(byKey).map(([errorCode, count]) => ({ errorCode, count })),
    revenue: [...totals.revenue]
      .sort(byKey)
      .map(([currency, sums]) => ({ currency, totalExclTax: sumDecimals(sums.excl), totalInclTax: sumDecimals(sums.incl) })),
  };
}
