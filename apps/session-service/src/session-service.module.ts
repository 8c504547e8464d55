import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { OcppCallHandler, ServicePorts } from '@voltlane/service-kit';
import { Ocpp16MeterValuesService } from './application/ocpp16-meter-values.service';
import { Ocpp16TransactionService } from './application/ocpp16-transaction.service';
import { SessionQueryService } from './application/session-query.service';
import { TransactionEventService } from './application/transaction-event.service';
import { CommandResultsConsumer } from './commands/command-results.consumer';
import { SessionCommands } from './commands/session-commands';
import { DATA_SOURCE, LOGGER, OCPP_HANDLERS, SERVICE_PORTS, SESSION_CONFIG } from './config/injection-tokens';
import type { SessionServiceConfig } from './config/session-config';
import { SessionLifecycle } from './domain/session-lifecycle';
import { sessionHandlers } from './handlers/handlers';
import { MeterSamplesConsumer } from './metering/meter-samples.consumer';
import { LifecycleOutbox } from './outbox/lifecycle-outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { ChargingProfileRepository } from './persistence/charging-profile.repository';
import { ChargingReportRepository } from './persistence/charging-report.repository';
import { RemoteStartRepository } from './persistence/remote-start.repository';
import { OutboxRepository } from './persistence/outbox.repository';
import { ReservationRepository } from './persistence/reservation.repository';
import { SessionRepository } from './persistence/session.repository';
import { TokenRepository } from './persistence/token.repository';
import { TransactionEventRepository } from './persistence/transaction-event.repository';
import { TariffCatalogRepository } from './persistence/tariff-catalog.repository';
import { StationCost } from './tariffs/station-cost';
import { TariffCatalogReadModel } from './tariffs/tariff-catalog.read-model';
import { TokenAuthorizer } from './tokens/token-authorizer';
import { TokenReadModel } from './tokens/token-read-model';

export interface SessionServiceDeps {
  config: SessionServiceConfig;
  dataSource: DataSource;
  ports: ServicePorts;
  logger: Logger;
}

/** The session-service's composition root: every class gets its collaborators by explicit token. */
@Module({})
export class SessionServiceModule {
  static register(deps: SessionServiceDeps): DynamicModule {
    const values: Provider[] = [
      { provide: SESSION_CONFIG, useValue: deps.config },
      { provide: DATA_SOURCE, useValue: deps.dataSource },
      { provide: SERVICE_PORTS, useValue: deps.ports },
      { provide: LOGGER, useValue: deps.logger },
      { provide: SessionLifecycle, useFactory: (config: SessionServiceConfig) => new SessionLifecycle({ clockSkewMs: config.clockSkewMs }), inject: [SESSION_CONFIG] },
    ];
    const classes = [
      SessionRepository,
      TransactionEventRepository,
      ReservationRepository,
      TokenRepository,
      ChargingReportRepository,
      ChargingProfileRepository,
      RemoteStartRepository,
      OutboxRepository,
      OutboxRelay,
      LifecycleOutbox,
      TokenAuthorizer,
      TokenReadModel,
      TariffCatalogRepository,
      TariffCatalogReadModel,
      StationCost,
      Ocpp16TransactionService,
      Ocpp16MeterValuesService,
      MeterSamplesConsumer,
      TransactionEventService,
      SessionQueryService,
      SessionCommands,
      CommandResultsConsumer,
      ...sessionHandlers,
    ];
    const handlers: Provider = {
      provide: OCPP_HANDLERS,
      useFactory: (...list: OcppCallHandler[]) => list,
      inject: [...sessionHandlers],
    };
    return { module: SessionServiceModule, providers: [...values, ...classes, handlers] };
  }
}
