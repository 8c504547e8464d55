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
import { BillingQueries } from './application/billing-queries';
import { TariffCatalogPublisher } from './application/tariff-catalog.publisher';
import { TariffService } from './application/tariff.service';
import type { Clock } from './billing.tokens';
import { BillingModule } from './billing.module';
import { loadBillingServiceConfig, type BillingServiceConfig } from './config/billing-service-config';
import { CommandResultsConsumer } from './messaging/command-results.consumer';
import { CustomerTokensConsumer } from './messaging/customer-tokens.consumer';
import { SessionLifecycleConsumer } from './messaging/session-lifecycle.consumer';
import { BILLING_MIGRATIONS } from './migrations/billing-migrations';
import { BILLING_ENTITIES } from './persistence/billing-entities';
import { CostUpdateScheduler } from './station-cost/cost-update.scheduler';
import { BillingCommands } from './station-tariffs/billing-commands';

/** The running billing-service: the RunningService contract plus its query and tariff surfaces. */
export interface BillingServiceHandle extends RunningService {
  readonly config: BillingServiceConfig;
  readonly tariffs: TariffService;
  readonly queries: BillingQueries;
  /** The billing-owned station commands (typed endpoints, tariffs to 2.1 stations). */
  readonly commands: BillingCommands;
  /** Sends CostUpdated to running transactions (tick() runs one pass at once). */
  readonly costUpdates: CostUpdateScheduler;
  /** Readiness of the service's dependencies (PostgreSQL, Kafka, Redis) for /health/ready. */
  readonly readiness: ReadinessCheck[];
}

export interface BillingStartOptions extends ServiceStartOptions {
  /** Fixes "now" (tests, replays). */
  clock?: Clock;
}

/**
 * Starts the billing-service: database (own schema, migrations), Nest application context, and
 * its consumers of customers.tokens.v1 and sessions.lifecycle.v1. Billing answers no station
 * CALL; RunningService requires a dispatcher, so the handle carries one with no handlers and no
 * observers that is never started (it consumes nothing).
 */
export const startBillingService = (async (options: BillingStartOptions): Promise<BillingServiceHandle> => {
  const config = loadBillingServiceConfig(options.env);
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
      entities: BILLING_ENTITIES,
      migrations: BILLING_MIGRATIONS,
    });
    cleanup.add(() => dataSource.destroy());
    const app: INestApplicationContext = await NestFactory.createApplicationContext(
      BillingModule.register({ config, logger, dataSource, publisher: ports.publisher, subscriber: ports.subscriber, deadLetters: ports.deadLetters, ports, clock: options.clock }),
      { logger: false, abortOnError: false },
    );
    cleanup.add(() => app.close());
    const tokens = app.get(CustomerTokensConsumer);
    const sessions = app.get(SessionLifecycleConsumer);
    await tokens.start();
    cleanup.add(() => tokens.stop());
    await sessions.start();
    cleanup.add(() => sessions.stop());
    const commandResults = app.get(CommandResultsConsumer);
    await commandResults.start();
    cleanup.add(() => commandResults.stop());
    const published = await app.get(TariffCatalogPublisher).publishAll();
    const costUpdates = app.get(CostUpdateScheduler);
    costUpdates.start();
    cleanup.add(() => costUpdates.stop());
    const dispatcher = new InboundDispatcher(ports.subscriber, ports.replyChannel, [], [], logger, {
      groupId: config.groupId,
      topic: config.topics.OcppInbound,
      deadLetters: ports.deadLetters,
    });
    logger.info(
      { schema: config.database.schema, topics: [config.topics.SessionLifecycle, config.topics.CustomerTokens, config.topics.OcppCommands], tariffsPublished: published, costUpdateIntervalMs: config.billing.costUpdateIntervalMs },
      'billing-service started',
    );
    return {
      name: 'billing-service',
      config,
      dataSource,
      dispatcher,
      tariffs: app.get(TariffService),
      queries: app.get(BillingQueries),
      commands: app.get(BillingCommands),
      costUpdates,
      readiness: serviceReadiness(ports, dataSource),
      close: cleanup.closeAll,
    };
  } catch (error) {
    await cleanup.closeAll();
    throw error;
  }
}) satisfies StartService;
