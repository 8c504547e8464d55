import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { InboundDispatcher, type ServicePorts } from '@voltlane/service-kit';
import type { CustomerServiceConfig } from './config/customer-service-config';
import { AuthorizationService } from './domain/authorization.service';
import { MasterPass } from '@voltlane/authorization';
import { LocalListService } from './domain/local-list.service';
import { TokenService } from './domain/token.service';
import { AuthorizeHandler } from './handlers/authorize.handler';
import { customerHandlers } from './handlers/handlers';
import { OcppCommandsConsumer } from './messaging/ocpp-commands.consumer';
import { SessionLifecycleConsumer } from './messaging/session-lifecycle.consumer';
import { TokenEventPublisher } from './messaging/token-event-publisher';
import { LocalListRepository } from './persistence/local-list.repository';
import { SessionTokenRepository } from './persistence/session-token.repository';
import { TokenRepository } from './persistence/token.repository';
import { OcspClient } from '@voltlane/pki';
import { ContractCertificateVerifier } from './pnc/contract-certificate.verifier';
import { RootCertificateStore } from './pnc/root-certificate.store';
import { TrustStoreService } from './pnc/trust-store.service';

/** What the module is built from: opened by the start function, closed by it too. */
export interface CustomerServiceDeps {
  config: CustomerServiceConfig;
  logger: Logger;
  ports: ServicePorts;
  dataSource: DataSource;
}

/**
 * The NestJS wiring of the customer-service. The classes it wires are framework-free (plain
 * constructors); this module is the only place that knows Nest.
 */
@Module({})
export class CustomerServiceModule {
  static register(deps: CustomerServiceDeps): DynamicModule {
    const { config, logger, ports, dataSource } = deps;
    return {
      module: CustomerServiceModule,
      providers: [
        { provide: TokenRepository, useFactory: () => new TokenRepository(dataSource) },
        { provide: SessionTokenRepository, useFactory: () => new SessionTokenRepository(dataSource) },
        { provide: TokenEventPublisher, useFactory: () => new TokenEventPublisher(ports.publisher, config.topics.CustomerTokens) },
        {
          provide: TokenService,
          useFactory: (repository: TokenRepository, events: TokenEventPublisher) => new TokenService(repository, events),
          inject: [TokenRepository, TokenEventPublisher],
        },
        { provide: LocalListRepository, useFactory: () => new LocalListRepository(dataSource) },
        {
          provide: LocalListService,
          useFactory: (tokens: TokenRepository, lists: LocalListRepository) =>
            new LocalListService(tokens, lists, { registry: ports.registry, bootStatus: ports.bootStatus, commands: ports.commands, limits: ports.limits }),
          inject: [TokenRepository, LocalListRepository],
        },
        {
          provide: OcppCommandsConsumer,
          useFactory: (localLists: LocalListService) =>
            new OcppCommandsConsumer(ports.subscriber, localLists, logger, { groupId: config.customer.commandsGroupId, topic: config.topics.OcppCommands, deadLetters: ports.deadLetters }),
          inject: [LocalListService],
        },
        {
          provide: AuthorizationService,
          useFactory: (tokens: TokenRepository, sessions: SessionTokenRepository) => new AuthorizationService(tokens, sessions, new MasterPass(config.customer.masterPassGroupId)),
          inject: [TokenRepository, SessionTokenRepository],
        },
        { provide: TrustStoreService, useFactory: () => new TrustStoreService(new RootCertificateStore(dataSource)) },
        {
          provide: ContractCertificateVerifier,
          useFactory: (trustStore: TrustStoreService) => new ContractCertificateVerifier(new OcspClient(config.pnc.ocsp), trustStore, config.pnc.unreachable, logger),
          inject: [TrustStoreService],
        },
        {
          provide: AuthorizeHandler,
          useFactory: (authorization: AuthorizationService, contracts: ContractCertificateVerifier) => new AuthorizeHandler(authorization, contracts),
          inject: [AuthorizationService, ContractCertificateVerifier],
        },
        {
          provide: InboundDispatcher,
          useFactory: (authorize: AuthorizeHandler) =>
            new InboundDispatcher(ports.subscriber, ports.replyChannel, customerHandlers({ authorize }), [], logger, {
              groupId: config.groupId,
              topic: config.topics.OcppInbound,
              deadLetters: ports.deadLetters,
            }),
          inject: [AuthorizeHandler],
        },
        {
          provide: SessionLifecycleConsumer,
          useFactory: (sessions: SessionTokenRepository) =>
            new SessionLifecycleConsumer(ports.subscriber, sessions, logger, {
              groupId: config.customer.sessionsGroupId,
              topic: config.topics.SessionLifecycle,
              deadLetters: ports.deadLetters,
            }),
          inject: [SessionTokenRepository],
        },
      ],
      exports: [TokenService, LocalListService, TrustStoreService, InboundDispatcher, SessionLifecycleConsumer, OcppCommandsConsumer],
    };
  }
}
