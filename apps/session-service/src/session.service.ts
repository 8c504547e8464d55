import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { StationCommandClient } from '@voltlane/messaging';
import { defineService, type ServiceHandle } from '@voltlane/service-kit';
import { Ocpp16MeterValuesService } from './application/ocpp16-meter-values.service';
import { Ocpp16TransactionService } from './application/ocpp16-transaction.service';
import { ReservationExpiry } from './application/reservation-expiry';
import { SessionCommandResults } from './application/session-command-results';
import { SessionCommands } from './application/session-commands';
import { SessionQueryService } from './application/session-query.service';
import { StationCost } from './application/station-cost';
import { TokenAuthorizer } from './application/token-authorizer';
import { TokensQuery } from './application/tokens.query';
import { TransactionEventService } from './application/transaction-event.service';
import { SESSION_SCHEMA, SESSION_SERVICE, loadSessionConfig, type SessionServiceConfig } from './config/session-config';
import { SessionLifecycle } from './domain/session-lifecycle';
import { sessionHandlers } from './handlers/handlers';
import { CommandResultsConsumer } from './messaging/command-results.consumer';
import { CustomerTokensConsumer } from './messaging/customer-tokens.consumer';
import { MeterSamplesConsumer } from './messaging/meter-samples.consumer';
import { TariffCatalogConsumer } from './messaging/tariff-catalog.consumer';
import { sessionMigrations } from './migrations/session-migrations';
import { ChargingProfileRepository } from './persistence/charging-profile.repository';
import { ChargingReportRepository } from './persistence/charging-report.repository';
import { sessionEntities } from './persistence/entities';
import { LifecycleOutbox } from './persistence/outbox/lifecycle-outbox';
import { bindOutboxMetrics } from './persistence/outbox/outbox-metrics';
import { OutboxRelay } from './persistence/outbox/outbox-relay';
import { OutboxRepository } from './persistence/outbox/outbox.repository';
import { RemoteStartRepository } from './persistence/remote-start.repository';
import { ReservationRepository } from './persistence/reservation.repository';
import { SessionRepository } from './persistence/session.repository';
import { TariffCatalogRepository } from './persistence/tariff-catalog.repository';
import { TokenRepository } from './persistence/token.repository';
import { TransactionEventRepository } from './persistence/transaction-event.repository';

/** How often reservations past their expiry are marked Expired. */
const RESERVATION_EXPIRY_INTERVAL_MS = 1_000;

/** What the session-service offers besides the RunningService contract. */
export interface SessionSurface {
  /** Sessions, reservations, charging reports, profiles and remote starts as stored. */
  readonly sessions: SessionQueryService;
  /** The token read model fed by customers.tokens.v1. */
  readonly tokens: TokensQuery;
  /** The command client of the ports the service was started with (results go to ocpp.commands.v1). */
  readonly commands: StationCommandClient;
  /** Sends the session-owned commands for the operator API. */
  readonly operator: SessionCommands;
}

/**
 * The session-service: answers StartTransaction, StopTransaction, TransactionEvent,
 * ReservationStatusUpdate and ReportChargingProfiles from `ocpp.inbound.v1`, publishes
 * `sessions.lifecycle.v1` through its outbox, and keeps the read models it decides with: tokens
 * (customers.tokens.v1), tariffs (billing.tariffs.v1), session-owned command results
 * (ocpp.commands.v1) and the running energy of 1.6 transactions (metering.samples.v1).
 */
export const sessionService = defineService({
  name: SESSION_SERVICE,
  defaultSchema: SESSION_SCHEMA,
  loadConfig: loadSessionConfig,
  service: (config) => config,
  entities: sessionEntities,
  migrations: sessionMigrations,
  compose: ({ config, dataSource, ports, logger }) => {
    const sessions = new SessionRepository(dataSource);
    const transactionEvents = new TransactionEventRepository(dataSource);
    const reservations = new ReservationRepository(dataSource);
    const tokens = new TokenRepository(dataSource);
    const reports = new ChargingReportRepository(dataSource);
    const profiles = new ChargingProfileRepository(dataSource);
    const remoteStarts = new RemoteStartRepository(dataSource);
    const tariffCatalog = new TariffCatalogRepository(dataSource);
    const outbox = new OutboxRepository();
    const relay = new OutboxRelay(dataSource, outbox, ports.publisher, logger);
    const events = new LifecycleOutbox(outbox, config.topics.SessionLifecycle);

    const lifecycle = new SessionLifecycle({ clockSkewMs: config.clockSkewMs });
    const authorizer = new TokenAuthorizer(tokens, sessions, config.masterPassGroupId);
    const cost = new StationCost(tariffCatalog, tokens, logger);
    const transactionParts = { sessions, reservations, authorizer, lifecycle, events, relay, remoteStarts };
    const transactions16 = new Ocpp16TransactionService(transactionParts);
    const meterValues16 = new Ocpp16MeterValuesService(sessions, lifecycle, events, relay);
    const transactions2x = new TransactionEventService(transactionParts, transactionEvents, cost);
    const commandResults = new SessionCommandResults(dataSource, reservations, profiles, remoteStarts);

    return {
      inbound: { handlers: sessionHandlers({ transactions16, transactionEvents: transactions2x, reservations, reports }) },
      // Lifecycle events a previous process committed but did not publish go out before anything new.
      prepare: () => relay.flush(),
      runs: [
        new CustomerTokensConsumer(ports, tokens, { groupId: config.tokensGroupId, topic: config.topics.CustomerTokens }, logger),
        new TariffCatalogConsumer(ports, tariffCatalog, { groupId: config.tariffsGroupId, topic: config.topics.BillingTariffs }, logger),
        new CommandResultsConsumer(ports, commandResults, { groupId: config.commandsGroupId, topic: config.topics.OcppCommands }, logger),
        new MeterSamplesConsumer(
          ports,
          meterValues16,
          { groupId: config.meterSamplesGroupId, topic: config.topics.MeteringSamples },
          logger,
        ),
        new ReservationExpiry(dataSource, RESERVATION_EXPIRY_INTERVAL_MS, logger),
      ],
      // Runs after the dispatcher and every consumer stopped: what they wrote last is published
      // (a failure is logged by the relay; the next start publishes it).
      release: () => relay.flush().catch(() => undefined),
      bindMetrics: (registry) => {
        bindActiveSessions(registry, dataSource);
        bindOutboxMetrics(registry, dataSource, SESSION_SERVICE);
      },
      surface: {
        sessions: new SessionQueryService(sessions, reservations, reports, profiles, remoteStarts),
        tokens: new TokensQuery(dataSource, tokens),
        commands: ports.commands,
        operator: new SessionCommands(ports, sessions, reservations, profiles, remoteStarts),
      } satisfies SessionSurface,
    };
  },
});

export type SessionServiceHandle = ServiceHandle<SessionServiceConfig, SessionSurface>;

/** `voltlane_sessions_active`: charging sessions started and not ended, counted when scraped. */
function bindActiveSessions(registry: Registry, dataSource: DataSource): void {
  new Gauge({
    name: 'voltlane_sessions_active',
    help: 'Charging sessions started and not ended',
    registers: [registry],
    async collect(this: Gauge) {
      const [row] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM session WHERE ended_at IS NULL');
      this.set(row?.n ?? 0);
    },
  });
}
