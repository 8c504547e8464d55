import { csvTable, type CsvColumn } from '@voltlane/api-kit';
import type { BucketMetrics } from '@voltlane/report-domain';

/** The bucket columns of every report CSV, in order. */
const COLUMNS: CsvColumn<BucketMetrics>[] = [
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

interface StationBucket {
  stationId: string;
  bucket: BucketMetrics;
}

/** The per-station CSV: the station id, then the bucket columns. */
const STATION_COLUMNS: CsvColumn<StationBucket>[] = [
  ['stationId', (row) => row.stationId],
  ...COLUMNS.map(([name, read]): CsvColumn<StationBucket> => [name, (row) => read(row.bucket)]),
];

/** One row per bucket of the network (or group). */
export function networkCsv(buckets: BucketMetrics[]): string {
  return csvTable(COLUMNS, buckets);
}

/** One row per station and bucket. */
export function stationsCsv(items: { stationId: string; buckets: BucketMetrics[] }[]): string {
  return csvTable(
    STATION_COLUMNS,
    items.flatMap((item) => item.buckets.map((bucket) => ({ stationId: item.stationId, bucket }))),
  );
}
