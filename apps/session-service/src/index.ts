import { Gauge } from 'prom-client';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  InboundDispatcher,
  connectServicePorts,
  openServiceDatabase,
  type OcppCallHandler,
  type RunningService,
  type ServiceStartOptions,
  type StartService,
} from '@voltlane/service-kit';
import type { StationCommandClient } from '@voltlane/messaging';
import { SessionQueryService } from './application/session-query.service';
import { CommandResultsConsumer } from './commands/command-results.consumer';
import { MeterSamplesConsumer } from './metering/meter-samples.consumer';
import { SessionCommands } from './commands/session-commands';
import { OCPP_HANDLERS } from './config/injection-tokens';
import { loadSessionConfig } from './config/session-config';
import { sessionMigrations } from './migrations';
import { OutboxRelay } from './outbox/outbox-relay';
import { ReservationExpiry } from './application/reservation-expiry';
import { sessionEntities } from './persistence/entities';
import { SessionServiceModule } from './session-service.module';
import { TariffCatalogReadModel } from './tariffs/tariff-catalog.read-model';
import { TokenReadModel } from './tokens/token-read-model';

export type { Session, SessionAnomaly, ChargingPeriod, SessionStatus } from './domain/session';
export { SessionQueryService } from './application/session-query.service';
export { TokenReadModel } from './tokens/token-read-model';
export { SessionCommands } from './commands/session-commands';
export { sessionApiModule, type SessionApiSource } from './api/session-api.module';

/** The running session-service, with its read side for operators and tests. */
export interface SessionServiceHandle extends RunningService {
  readonly name: 'session-service';
  /** Sessions, reservations and charging reports as stored. */
  readonly sessions: SessionQueryService;
  /** The token read model fed by customers.tokens.v1 (`consume` applies one record). */
  readonly tokens: TokenReadModel;
  /** The command client of the ports the service was started with (results go to ocpp.commands.v1). */
  readonly commands: StationCommandClient;
  /** Sends the session-owned commands for the operator API. */
  readonly operator: SessionCommands;
  /** Applies session-owned command results from ocpp.commands.v1 (`apply` applies one event). */
  readonly commandResults: CommandResultsConsumer;
  /** 1.6 running energy from metering.samples.v1 (`consume` applies one record). */
  readonly meterSamples: MeterSamplesConsumer;
}

/**
 * Starts the session-service: its database schema and migrations, the token read model, and
 * its consumer of ocpp.inbound.v1 (StartTransaction, StopTransaction, TransactionEvent,
 * ReservationStatusUpdate and the 2.x smart-charging reports), and its consumer of
 * metering.samples.v1 (the energy so far of 1.6 transactions from their MeterValues).
 */
export async function startSession(options: ServiceStartOptions): Promise<SessionServiceHandle> {
  const config = loadSessionConfig(options.env);
  const logger = options.logger;
  const ports = options.ports ?? (await connectServicePorts(config, logger));
  const ownPorts = options.ports === undefined;
  let dataSource;
  try {
    dataSource = await openServiceDatabase({
      url: config.database.url,
      poolSize: config.database.poolSize,
      schema: config.database.schema,
      entities: sessionEntities,
      migrations: sessionMigrations,
    });
  } catch (error) {
    if (ownPorts) await ports.close();
    throw error;
  }
  const app = await NestFactory.createApplicationContext(SessionServiceModule.register({ config, dataSource, ports, logger }), { logger: false });
  const handlers = app.get<OcppCallHandler[]>(OCPP_HANDLERS);
  const dispatcher = new InboundDispatcher(ports.subscriber, ports.replyChannel, handlers, [], logger, {
    groupId: config.groupId,
    topic: config.topics.OcppInbound,
    deadLetters: ports.deadLetters,
  });
  const tokens = app.get(TokenReadModel);
  const relay = app.get(OutboxRelay);
  await relay.flush();
  const commandResults = app.get(CommandResultsConsumer);
  await tokens.start();
  const tariffCatalog = app.get(TariffCatalogReadModel);
  await tariffCatalog.start();
  const meterSamples = app.get(MeterSamplesConsumer);
  await commandResults.start();
  await meterSamples.start();
  await dispatcher.start();
  const expiry = new ReservationExpiry(dataSource, 1_000, logger);
  expiry.start();
  logger.info({ groupId: config.groupId, schema: config.database.schema }, 'session-service started');
  let closed = false;
  return {
    name: 'session-service',
    dataSource,
    dispatcher,
    sessions: app.get(SessionQueryService),
    tokens,
    commands: ports.commands,
    operator: app.get(SessionCommands),
    commandResults,
    meterSamples,
    bindMetrics: (registry) => {
      new Gauge({
        name: 'voltlane_sessions_active',
        help: 'Charging sessions started and not ended',
        registers: [registry],
        async collect(this: Gauge) {
          const [row] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM session WHERE ended_at IS NULL');
          this.set(row?.n ?? 0);
        },
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      expiry.stop();
      await dispatcher.stop();
      await tokens.stop();
      await tariffCatalog.stop();
      await commandResults.stop();
      await meterSamples.stop();
      await relay.flush().catch(() => undefined);
      await app.close();
      if (ownPorts) await ports.close();
      await dataSource.destroy();
    },
  };
}

export const startSessionService: StartService = startSession;
