import type { BucketMetrics } from '@voltlane/report-domain';

type Cell = string | number | null;

/** The bucket columns of every report CSV, in order. */
const COLUMNS: [string, (b: BucketMetrics) => Cell][] = [
  ['bucketStart', (b) => b.start],
  ['bucketEnd', (b) => b.end],
  ['bucketStartLocal', (b) => b.startLocal],
  ['sessions', (b) => b.sessions],
  ['energyKwh', (b) => b.energyKwh],
  ['sessionSeconds', (b) => b.sessionSeconds],
  ['chargingSeconds', (b) => b.chargingSeconds],
  ['idleSeconds', (b) => b.idleSeconds],
  ['occupiedSeconds', (b) => b.occupiedSeconds],
  ['utilisationPercent', (b) => b.utilisationPercent],
  ['uptimePercent', (b) => b.uptimePercent],
  ['onlinePercent', (b) => b.onlinePercent],
  ['faults', (b) => b.faults.map((f) => `${f.errorCode}=${f.count}`).join(';')],
  ['revenueExclTax', (b) => b.revenue.map((r) => `${r.currency} ${r.totalExclTax}`).join(';')],
  ['revenueInclTax', (b) => b.revenue.map((r) => `${r.currency} ${r.totalInclTax}`).join(';')],
];

/** Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

/** RFC 4180 field: quoted when it holds a quote, comma or line break. */
export function csvField(value: Cell, text = false): string {
  if (value === null) return '';
  let cell = String(value);
  if (text && FORMULA.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const line = (cells: string[]): string => `${cells.join(',')}\r\n`;
const bucketCells = (bucket: BucketMetrics): string[] => COLUMNS.map(([name, read]) => csvField(read(bucket), name === 'faults'));

/** One row per bucket of the network (or group). */
export function networkCsv(buckets: BucketMetrics[]): string {
  return line(COLUMNS.map(([name]) => name)) + buckets.map((b) => line(bucketCells(b))).join('');
}

/** One row per station and bucket. */
export function stationsCsv(items: { stationId: string; buckets: BucketMetrics[] }[]): string {
  return (
    line(['stationId', ...COLUMNS.map(([name]) => name)]) +
    items.flatMap((item) => item.buckets.map((b) => line([csvField(item.stationId, true), ...bucketCells(b)]))).join('')
  );
}
