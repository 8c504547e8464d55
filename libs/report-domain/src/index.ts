export { isValidTimeZone, parseReportInstant } from './time/time-zone';
export { BUCKET_SIZES, bucketsOf, type Bucket, type BucketSize } from './time/buckets';
export { coveredMs, overlapMs, subtract, unionOf, type Interval } from './intervals/interval';
export { sumDecimals } from './money/decimal-sum';
export type { BucketMetrics } from './metrics/bucket-metrics';
export { computeBuckets, percent } from './metrics/report-calculator';
export {
  DOWN_STATUSES,
  OCCUPIED_STATUSES,
  STATION_LEVEL,
  connectorKey,
  type FaultFact,
  type OnlineInterval,
  type RevenueFact,
  type SessionFact,
  type StationFacts,
  type StatusInterval,
} from './metrics/station-facts';
