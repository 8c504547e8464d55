import { EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export const REPORT_SERVICE = 'report-service';

export interface ReportServiceConfig extends ServiceConfig {
  report: {
    /** Most buckets one report may have (REPORT_SERVICE_MAX_BUCKETS): a larger one is a 400. */
    maxBuckets: number;
  };
  /** GET /api/v1/events (server-sent events). */
  live: {
    /** Events one client may have waiting (REPORT_SERVICE_LIVE_QUEUE_EVENTS); one more drops its stream. */
    queueLimit: number;
    /** Between two keep-alive comments (REPORT_SERVICE_LIVE_KEEPALIVE_MS). */
    keepAliveMs: number;
  };
}

/** Reads and validates the whole configuration once; throws one error naming every bad variable. */
export function loadReportServiceConfig(env: NodeJS.ProcessEnv): ReportServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, REPORT_SERVICE, 'report');
  const config: ReportServiceConfig = {
    ...base,
    report: {
      maxBuckets: reader.int(
        'REPORT_SERVICE_MAX_BUCKETS',
        1000,
        { min: 1, max: 100_000 },
        'Most time buckets one report may have; a request for more is answered 400.',
      ),
    },
    live: {
      queueLimit: reader.int(
        'REPORT_SERVICE_LIVE_QUEUE_EVENTS',
        1000,
        { min: 1, max: 100_000 },
        'Live events (GET /api/v1/events) one client may have waiting while its connection does not take them; one more and its stream is closed (it reconnects).',
      ),
      keepAliveMs: reader.int(
        'REPORT_SERVICE_LIVE_KEEPALIVE_MS',
        15_000,
        { min: 100, max: 300_000 },
        'Milliseconds between the `: keep-alive` comments on every live event stream (proxies close idle connections).',
      ),
    },
  };
  reader.done();
  return config;
}
