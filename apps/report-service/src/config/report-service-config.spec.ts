import { loadReportServiceConfig } from './report-service-config';

const infra = { KAFKA_BROKERS: 'localhost:9092', REDIS_URL: 'redis://localhost:6379', DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('report-service config', () => {
  it('has its own schema, consumer group and defaults', () => {
    const config = loadReportServiceConfig(infra);
    expect(config.database.schema).toBe('report');
    expect(config.groupId).toBe('report-service');
    expect(config.report).toEqual({ maxBuckets: 1000 });
    expect(config.database.poolSize).toBe(10);
    expect(config.live).toEqual({ queueLimit: 1000, keepAliveMs: 15_000 });
  });

  it('reads its variables', () => {
    const config = loadReportServiceConfig({
      ...infra,
      REPORT_SERVICE_DB_SCHEMA: 'reports_eu',
      REPORT_SERVICE_MAX_BUCKETS: '400',
      REPORT_SERVICE_GROUP_ID: 'rpt',
    });
    expect([config.database.schema, config.report.maxBuckets, config.groupId]).toEqual(['reports_eu', 400, 'rpt']);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadReportServiceConfig({ ...infra, REPORT_SERVICE_MAX_BUCKETS: '0' })).toThrow(/REPORT_SERVICE_MAX_BUCKETS/);
    expect(() => loadReportServiceConfig({ ...infra, REPORT_SERVICE_LIVE_QUEUE_EVENTS: '0' })).toThrow(/REPORT_SERVICE_LIVE_QUEUE_EVENTS/);
    expect(() => loadReportServiceConfig({ ...infra, REPORT_SERVICE_LIVE_KEEPALIVE_MS: 'often' })).toThrow(
      /REPORT_SERVICE_LIVE_KEEPALIVE_MS/,
    );
  });
});
