import { EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export const REPORT_SERVICE = 'report-service';

export interface ReportServiceConfig extends ServiceConfig {
  report: {
    /** Most buckets one report may have (REPORT_SERVICE_MAX_BUCKETS): a larger one is a 400. */
    maxBuckets: number;
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
  };
  reader.done();
  return config;
}
