import type { OperatorApiSchemas } from '@voltlane/operator-api-client';

/** One bucket of a report answer (network, group of stations, one station: the same shape). */
export type ReportBucket = NonNullable<OperatorApiSchemas['ReportNetworkResponse']['buckets']>[number];

export interface RevenueTotal {
  currency: string;
  exclTax: string;
  inclTax: string;
}

/** A report's figures over all of its buckets. */
export interface ReportTotals {
  sessions: number;
  energyKwh: number;
  sessionSeconds: number;
  chargingSeconds: number;
  idleSeconds: number;
  occupiedSeconds: number;
  /** Averages weighted by the observed length of each bucket (up to now); null when no bucket has one. */
  utilisationPercent: number | null;
  uptimePercent: number | null;
  onlinePercent: number | null;
  faults: number;
  faultsByCode: { errorCode: string; count: number }[];
  /** Per currency, sorted, exact decimal sums. */
  revenue: RevenueTotal[];
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Exact sum of decimal strings ("75.08" + "0.125" = "75.205"); a value that is no decimal counts as 0. */
export function addDecimals(values: readonly (string | null | undefined)[]): string {
  const parsed = values.map((v) => DECIMAL.exec(v?.trim() ?? '')).filter((m): m is RegExpExecArray => m !== null);
  const scale = Math.max(2, ...parsed.map((m) => (m[3] ?? '').length));
  let sum = BigInt(0);
  for (const [, minus, whole, fraction = ''] of parsed) {
    const scaled = BigInt(whole + fraction.padEnd(scale, '0'));
    sum += minus ? -scaled : scaled;
  }
  const negative = sum < BigInt(0);
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The observed length of a bucket: its start to its end or now, whichever is first. */
function observedMs(bucket: ReportBucket, now: number): number {
  const start = Date.parse(bucket.start ?? '');
  const end = Math.min(Date.parse(bucket.end ?? ''), now);
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : 0;
}

function weightedPercent(buckets: readonly ReportBucket[], value: (b: ReportBucket) => number | null | undefined, now: number): number | null {
  let weight = 0;
  let sum = 0;
  let any = false;
  for (const bucket of buckets) {
    const percent = value(bucket);
    if (percent === null || percent === undefined) continue;
    const w = observedMs(bucket, now);
    any = true;
    weight += w;
    sum += percent * w;
  }
  if (!any) return null;
  if (weight === 0) {
    // only buckets of no observed length (the clock of the API ahead of ours): a plain mean
    const values = buckets.map(value).filter((v): v is number => typeof v === 'number');
    return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
  }
  return Math.round((sum / weight) * 100) / 100;
}

/** Revenue of some buckets, per currency. */
export function revenueOf(buckets: readonly ReportBucket[]): RevenueTotal[] {
  const byCurrency = new Map<string, { excl: (string | undefined)[]; incl: (string | undefined)[] }>();
  for (const bucket of buckets)
    for (const r of bucket.revenue ?? []) {
      const currency = r.currency ?? '?';
      const sums = byCurrency.get(currency) ?? { excl: [], incl: [] };
      sums.excl.push(r.totalExclTax);
      sums.incl.push(r.totalInclTax);
      byCurrency.set(currency, sums);
    }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sums]) => ({ currency, exclTax: addDecimals(sums.excl), inclTax: addDecimals(sums.incl) }));
}

export function faultsOf(bucket: ReportBucket): number {
  return (bucket.faults ?? []).reduce((sum, f) => sum + (f.count ?? 0), 0);
}

/** Sums (and length-weighted averages of the percentages) over `buckets`. */
export function totalsOf(buckets: readonly ReportBucket[], now: number = Date.now()): ReportTotals {
  const sum = (value: (b: ReportBucket) => number | undefined): number => buckets.reduce((total, b) => total + (value(b) ?? 0), 0);
  const faultsByCode = new Map<string, number>();
  for (const bucket of buckets)
    for (const f of bucket.faults ?? []) {
      const code = f.errorCode ?? '?';
      faultsByCode.set(code, (faultsByCode.get(code) ?? 0) + (f.count ?? 0));
    }
  return {
    sessions: sum((b) => b.sessions),
    // kWh with three decimals (Wh): no float dust from adding
    energyKwh: Math.round(sum((b) => b.energyKwh) * 1000) / 1000,
    sessionSeconds: sum((b) => b.sessionSeconds),
    chargingSeconds: sum((b) => b.chargingSeconds),
    idleSeconds: sum((b) => b.idleSeconds),
    occupiedSeconds: sum((b) => b.occupiedSeconds),
    utilisationPercent: weightedPercent(buckets, (b) => b.utilisationPercent, now),
    uptimePercent: weightedPercent(buckets, (b) => b.uptimePercent, now),
    onlinePercent: weightedPercent(buckets, (b) => b.onlinePercent, now),
    faults: sum(faultsOf),
    faultsByCode: [...faultsByCode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([errorCode, count]) => ({ errorCode, count })),
    revenue: revenueOf(buckets),
  };
}

/** Display formats of report figures. */
export function formatKwhValue(kwh: number): string {
  return `${kwh.toFixed(2)} kWh`;
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)} %`;
}

export function formatHours(seconds: number): string {
  return `${(seconds / 3600).toFixed(1)} h`;
}
