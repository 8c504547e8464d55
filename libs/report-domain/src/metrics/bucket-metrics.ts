/** The figures of one bucket of a report (one station, or the sum over stations). */
export interface BucketMetrics {
  /** Bucket start and end, UTC (ISO 8601). */
  start: string;
  end: string;
  /** The same instants in the report's time zone, with their offset. */
  startLocal: string;
  endLocal: string;
  /** Sessions that started in the bucket (energy, duration, charging and idle time are theirs). */
  sessions: number;
  energyKwh: number;
  /** Start to end (to "now" while ongoing), summed over those sessions. */
  sessionSeconds: number;
  chargingSeconds: number;
  idleSeconds: number;
  /** Connector time in an occupied status within the bucket. */
  occupiedSeconds: number;
  /** occupied connector-time / (connectors × bucket length), percent; null without connectors. */
  utilisationPercent: number | null;
  /** Connector-time online and not Faulted/Unavailable / (connectors × bucket length), percent. */
  uptimePercent: number | null;
  /** Station time connected / (stations × bucket length), percent. */
  onlinePercent: number | null;
  /** Transitions into Faulted within the bucket, by error code. */
  faults: { errorCode: string; count: number }[];
  /** CDR totals of the sessions that started in the bucket, per currency. */
  revenue: { currency: string; totalExclTax: string; totalInclTax: string }[];
}
