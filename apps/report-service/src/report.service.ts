import { defineService, type ServiceHandle, type ServiceStartOptions } from '@voltlane/service-kit';
import { systemClock, type Clock } from './application/clock';
import { OverviewQueries } from './application/overview-queries';
import { ReportProjector } from './application/report-projector';
import { ReportQueries } from './application/report-queries';
import { REPORT_SERVICE, loadReportServiceConfig, type ReportServiceConfig } from './config/report-service-config';
import { LiveHub } from './application/live-hub';
import { LiveEventsConsumer } from './messaging/live-events.consumer';
import { ReportEventsConsumer } from './messaging/report-events.consumer';
import { REPORT_MIGRATIONS } from './migrations/report-migrations';
import { CdrRevenueRepository } from './persistence/cdr-revenue.repository';
import { ConnectionRepository } from './persistence/connection.repository';
import { FaultRepository } from './persistence/fault.repository';
import { OverviewRepository } from './persistence/overview.repository';
import { REPORT_ENTITIES } from './persistence/report-entities';
import { SessionRepository } from './persistence/session.repository';
import { StationDirectoryRepository } from './persistence/station-directory.repository';
import { StatusIntervalRepository } from './persistence/status-interval.repository';

/** The `retry:` of every live event stream: a client reconnects after this long. */
const LIVE_RETRY_MS = 3_000;

/** What the report-service offers besides the RunningService contract. */
export interface ReportSurface {
  /** Network, per-station and one-station reports over the read model. */
  readonly queries: ReportQueries;
  /** The network now (stations, connectors, sessions, today's energy and revenue). */
  readonly overview: OverviewQueries;
  /** This process's live events (GET /api/v1/events), fed by its own live consumer group. */
  readonly live: LiveHub;
}

export interface ReportStartOptions extends ServiceStartOptions {
  /** Fixes "now" (tests, replays): open intervals and ongoing sessions end there. */
  clock?: Clock;
}

/**
 * The report-service: builds its read model from stations.status.v1, stations.connections.v1,
 * sessions.lifecycle.v1 and billing.cdrs.v1, and answers reports over it. It answers no station
 * CALL, so it has no dispatcher.
 */
export const reportService = defineService<ReportServiceConfig, ReportSurface, ReportStartOptions>({
  name: REPORT_SERVICE,
  defaultSchema: 'report',
  loadConfig: loadReportServiceConfig,
  service: (config) => config,
  entities: REPORT_ENTITIES,
  migrations: REPORT_MIGRATIONS,
  compose: ({ config, dataSource, ports, logger }, { clock = systemClock }) => {
    const statuses = new StatusIntervalRepository(dataSource);
    const connections = new ConnectionRepository(dataSource);
    const sessions = new SessionRepository(dataSource);
    const faults = new FaultRepository(dataSource);
    const revenue = new CdrRevenueRepository(dataSource);
    const projector = new ReportProjector(dataSource, statuses, faults, connections, sessions, revenue);
    const queries = new ReportQueries(statuses, connections, sessions, faults, revenue, new StationDirectoryRepository(dataSource), clock);
    const live = new LiveHub({ ...config.live, retryMs: LIVE_RETRY_MS, logger });
    return {
      // Stopped in reverse: the live consumer, then every live stream ends, then the read model's consumer.
      runs: [new ReportEventsConsumer(ports, projector, config, logger), live, new LiveEventsConsumer(ports, live, config, logger)],
      surface: { queries, overview: new OverviewQueries(new OverviewRepository(dataSource), clock), live } satisfies ReportSurface,
    };
  },
});

export type ReportServiceHandle = ServiceHandle<ReportServiceConfig, ReportSurface>;
