import { defineService, type ServiceHandle, type ServiceStartOptions } from '@voltlane/service-kit';
import { bindBillingMetrics } from './application/billing-metrics';
import { BillingQueries } from './application/billing-queries';
import { systemClock, type Clock } from './application/clock';
import { CostUpdateScheduler } from './application/cost-update.scheduler';
import { CustomerDirectory } from './application/customer-directory';
import { SessionBillingService } from './application/session-billing.service';
import { BillingCommands } from './application/station-tariffs/billing-commands';
import { StationTariffResults } from './application/station-tariffs/station-tariff-results';
import { TariffService } from './application/tariff.service';
import { BILLING_SERVICE, loadBillingServiceConfig, type BillingServiceConfig } from './config/billing-service-config';
import { CdrPublisher } from './messaging/cdr.publisher';
import { CommandResultsConsumer } from './messaging/command-results.consumer';
import { CustomerTokensConsumer } from './messaging/customer-tokens.consumer';
import { SessionLifecycleConsumer } from './messaging/session-lifecycle.consumer';
import { TariffCatalogPublisher } from './messaging/tariff-catalog.publisher';
import { BILLING_MIGRATIONS } from './migrations/billing-migrations';
import { BILLING_ENTITIES } from './persistence/billing-entities';
import { BillingSessionRepository } from './persistence/billing-session.repository';
import { CdrRepository } from './persistence/cdr.repository';
import { CustomerTokenRepository } from './persistence/customer-token.repository';
import { StationTariffRepository } from './persistence/station-tariff.repository';
import { TariffRepository } from './persistence/tariff.repository';

/** What the billing-service offers besides the RunningService contract. */
export interface BillingSurface {
  readonly tariffs: TariffService;
  readonly queries: BillingQueries;
  /** The billing-owned station commands (typed endpoints, tariffs to 2.1 stations). */
  readonly commands: BillingCommands;
  /** Sends CostUpdated to running transactions (tick() runs one pass at once). */
  readonly costUpdates: CostUpdateScheduler;
}

export interface BillingStartOptions extends ServiceStartOptions {
  /** Fixes "now" (tests, replays). */
  clock?: Clock;
}

/**
 * The billing-service: prices sessions from `sessions.lifecycle.v1` (one CDR per ended session on
 * `billing.cdrs.v1`), keeps token → customer from `customers.tokens.v1` and the tariffs stations
 * hold from `ocpp.commands.v1`, publishes the tariff catalog on `billing.tariffs.v1` and sends
 * CostUpdated to running transactions. It answers no station CALL, so it has no dispatcher.
 */
export const billingService = defineService<BillingServiceConfig, BillingSurface, BillingStartOptions>({
  name: BILLING_SERVICE,
  defaultSchema: 'billing',
  loadConfig: loadBillingServiceConfig,
  service: (config) => config,
  entities: BILLING_ENTITIES,
  migrations: BILLING_MIGRATIONS,
  compose: ({ config, dataSource, ports, logger }, { clock = systemClock }) => {
    const tariffStore = new TariffRepository(dataSource);
    const sessionStore = new BillingSessionRepository(dataSource);
    const cdrStore = new CdrRepository(dataSource);
    const stationTariffStore = new StationTariffRepository(dataSource);
    const catalog = new TariffCatalogPublisher(tariffStore, ports.publisher, config, logger);
    const tariffs = new TariffService(tariffStore, catalog);
    const customers = new CustomerDirectory(new CustomerTokenRepository(dataSource));
    const cdrPublisher = new CdrPublisher(ports.publisher, config);
    const billing = new SessionBillingService(sessionStore, cdrStore, tariffs, customers, cdrPublisher, clock, logger);
    const results = new StationTariffResults(stationTariffStore);
    const commands = new BillingCommands(ports, tariffs, results, stationTariffStore, clock);
    const costUpdates = new CostUpdateScheduler(sessionStore, billing, commands, config, logger, clock);
    return {
      // The seed migration and any publish lost to an outage: every tariff once more at start.
      prepare: async () => {
        const published = await catalog.publishAll();
        logger.info({ tariffsPublished: published, costUpdateIntervalMs: config.billing.costUpdateIntervalMs }, 'tariff catalog published');
      },
      runs: [
        new CustomerTokensConsumer(ports, customers, config, logger),
        new SessionLifecycleConsumer(ports, billing, config, logger),
        new CommandResultsConsumer(ports, results, config, logger),
        costUpdates,
      ],
      bindMetrics: (registry) => bindBillingMetrics(registry, { billing, publisher: cdrPublisher, cdrs: cdrStore }),
      surface: {
        tariffs,
        queries: new BillingQueries(sessionStore, cdrStore, billing, clock),
        commands,
        costUpdates,
      } satisfies BillingSurface,
    };
  },
});

export type BillingServiceHandle = ServiceHandle<BillingServiceConfig, BillingSurface>;
