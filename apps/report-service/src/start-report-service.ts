import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  InboundDispatcher,
  ShutdownSteps,
  connectServicePorts,
  openServiceDatabase,
  serviceReadiness,
  type ReadinessCheck,
  type RunningService,
  type ServicePorts,
  type ServiceStartOptions,
  type StartService,
} from '@voltlane/service-kit';
import { ReportQueries } from './application/report-queries';
import { loadReportServiceConfig, type ReportServiceConfig } from './config/report-service-config';
import { ReportEventsConsumer } from './messaging/report-events.consumer';
import { REPORT_MIGRATIONS } from './migrations/report-migrations';
import { REPORT_ENTITIES } from './persistence/report-entities';
import { ReportModule } from './report.module';
import type { Clock } from './report.tokens';

/** The running report-service: the RunningService contract plus its query surface. */
export interface ReportServiceHandle extends RunningService {
  readonly config: ReportServiceConfig;
  readonly queries: ReportQueries;
  /** Readiness of the service's dependencies (PostgreSQL, Kafka, Redis) for /health/ready. */
  readonly readiness: ReadinessCheck[];
}

export interface ReportStartOptions extends ServiceStartOptions {
  /** Fixes "now" (tests, replays): open intervals and ongoing sessions end there. */
  clock?: Clock;
}

/**
 * Starts the report-service: database (own schema, migrations), Nest application context, and
 * its consumer of stations.status.v1, stations.connections.v1, sessions.lifecycle.v1 and
 * billing.cdrs.v1. It answers no station CALL; RunningService requires a dispatcher, so the
 * handle carries one with no handlers that is never started.
 */
export const startReportService = (async (options: ReportStartOptions): Promise<ReportServiceHandle> => {
  const config = loadReportServiceConfig(options.env);
  const logger = options.logger.child({ service: config.serviceName });
  const cleanup = new ShutdownSteps(logger);
  try {
    let ports: ServicePorts;
    if (options.ports) {
      ports = options.ports;
    } else {
      ports = await connectServicePorts(config, logger);
      const own = ports;
      cleanup.add(() => own.close());
    }
    const dataSource: DataSource = await openServiceDatabase({
      url: config.database.url,
      poolSize: config.database.poolSize,
      schema: config.database.schema,
      entities: REPORT_ENTITIES,
      migrations: REPORT_MIGRATIONS,
    });
    cleanup.add(() => dataSource.destroy());
    const app: INestApplicationContext = await NestFactory.createApplicationContext(
      ReportModule.register({ config, logger, dataSource, subscriber: ports.subscriber, deadLetters: ports.deadLetters, clock: options.clock }),
      { logger: false, abortOnError: false },
    );
    cleanup.add(() => app.close());
    const consumer = app.get(ReportEventsConsumer);
    await consumer.start();
    cleanup.add(() => consumer.stop());
    const dispatcher = new InboundDispatcher(ports.subscriber, ports.replyChannel, [], [], logger, {
      groupId: config.groupId,
      topic: config.topics.OcppInbound,
      deadLetters: ports.deadLetters,
    });
    logger.info({ schema: config.database.schema, topics: consumer.topics }, 'report-service started');
    return {
      name: 'report-service',
      config,
      dataSource,
      dispatcher,
      queries: app.get(ReportQueries),
      readiness: serviceReadiness(ports, dataSource),
      close: cleanup.closeAll,
    };
  } catch (error) {
    await cleanup.closeAll();
    throw error;
  }
}) satisfies StartService;
