import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EventPublisher, EventSubscriber } from '@voltlane/messaging';
import type { DeadLetterSink, ServicePorts } from '@voltlane/service-kit';
import { BillingQueries } from './application/billing-queries';
import { CdrPublisher } from './application/cdr-publisher';
import { CustomerDirectory } from './application/customer-directory';
import { SessionBillingService } from './application/session-billing.service';
import { TariffCatalogPublisher } from './application/tariff-catalog.publisher';
import { TariffService } from './application/tariff.service';
import { BILLING_CONFIG, BILLING_LOGGER, BILLING_PORTS, CLOCK, DEAD_LETTERS, EVENT_PUBLISHER, EVENT_SUBSCRIBER, type Clock } from './billing.tokens';
import type { BillingServiceConfig } from './config/billing-service-config';
import { CommandResultsConsumer } from './messaging/command-results.consumer';
import { CustomerTokensConsumer } from './messaging/customer-tokens.consumer';
import { SessionLifecycleConsumer } from './messaging/session-lifecycle.consumer';
import { BillingSessionRepository } from './persistence/billing-session.repository';
import { CdrRepository } from './persistence/cdr.repository';
import { CustomerTokenRepository } from './persistence/customer-token.repository';
import { StationTariffRepository } from './persistence/station-tariff.repository';
import { TariffRepository } from './persistence/tariff.repository';
import { CostUpdateScheduler } from './station-cost/cost-update.scheduler';
import { BillingCommands } from './station-tariffs/billing-commands';
import { StationTariffResults } from './station-tariffs/station-tariff-results';

export interface BillingModuleOptions {
  config: BillingServiceConfig;
  logger: Logger;
  dataSource: DataSource;
  publisher: EventPublisher;
  subscriber: EventSubscriber;
  deadLetters: DeadLetterSink;
  /** Registry, boot status and station commands (CostUpdated and the 2.1 tariff commands). */
  ports: ServicePorts;
  clock?: Clock;
}

/** The billing-service's Nest wiring: adapters come in as values, everything else is a class provider. */
@Module({})
export class BillingModule {
  static register(options: BillingModuleOptions): DynamicModule {
    return {
      module: BillingModule,
      providers: [
        { provide: BILLING_CONFIG, useValue: options.config },
        { provide: BILLING_LOGGER, useValue: options.logger },
        { provide: DataSource, useValue: options.dataSource },
        { provide: EVENT_PUBLISHER, useValue: options.publisher },
        { provide: EVENT_SUBSCRIBER, useValue: options.subscriber },
        { provide: DEAD_LETTERS, useValue: options.deadLetters },
        { provide: CLOCK, useValue: options.clock ?? (() => new Date()) },
        { provide: BILLING_PORTS, useValue: options.ports },
        TariffRepository,
        BillingSessionRepository,
        CdrRepository,
        CustomerTokenRepository,
        TariffService,
        CustomerDirectory,
        CdrPublisher,
        SessionBillingService,
        BillingQueries,
        SessionLifecycleConsumer,
        CustomerTokensConsumer,
        TariffCatalogPublisher,
        StationTariffRepository,
        StationTariffResults,
        BillingCommands,
        CommandResultsConsumer,
        CostUpdateScheduler,
      ],
    };
  }
}
