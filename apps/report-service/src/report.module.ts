import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EventSubscriber } from '@voltlane/messaging';
import type { DeadLetterSink } from '@voltlane/service-kit';
import { ReportProjector } from './application/report-projector';
import { ReportQueries } from './application/report-queries';
import type { ReportServiceConfig } from './config/report-service-config';
import { ReportEventsConsumer } from './messaging/report-events.consumer';
import { CdrRevenueRepository } from './persistence/cdr-revenue.repository';
import { ConnectionRepository } from './persistence/connection.repository';
import { FaultRepository } from './persistence/fault.repository';
import { SessionRepository } from './persistence/session.repository';
import { StationDirectoryRepository } from './persistence/station-directory.repository';
import { StatusIntervalRepository } from './persistence/status-interval.repository';
import { CLOCK, DEAD_LETTERS, EVENT_SUBSCRIBER, REPORT_CONFIG, REPORT_LOGGER, type Clock } from './report.tokens';

export interface ReportModuleOptions {
  config: ReportServiceConfig;
  logger: Logger;
  dataSource: DataSource;
  subscriber: EventSubscriber;
  deadLetters: DeadLetterSink;
  clock?: Clock;
}

/** The report-service's Nest wiring: adapters come in as values, everything else is a class provider. */
@Module({})
export class ReportModule {
  static register(options: ReportModuleOptions): DynamicModule {
    return {
      module: ReportModule,
      providers: [
        { provide: REPORT_CONFIG, useValue: options.config },
        { provide: REPORT_LOGGER, useValue: options.logger },
        { provide: DataSource, useValue: options.dataSource },
        { provide: EVENT_SUBSCRIBER, useValue: options.subscriber },
        { provide: DEAD_LETTERS, useValue: options.deadLetters },
        { provide: CLOCK, useValue: options.clock ?? (() => new Date()) },
        StatusIntervalRepository,
        ConnectionRepository,
        SessionRepository,
        FaultRepository,
        CdrRevenueRepository,
        StationDirectoryRepository,
        ReportProjector,
        ReportQueries,
        ReportEventsConsumer,
      ],
    };
  }
}
