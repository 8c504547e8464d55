import type { Logger } from 'pino';
import { MasterPass } from '@voltlane/authorization';
import type { StationCommandClient } from '@voltlane/messaging';
import { OcspClient } from '@voltlane/pki';
import { defineService, type ServiceHandle, type ServiceStartOptions } from '@voltlane/service-kit';
import { AuthorizationService } from './application/authorization.service';
import { LocalListService } from './application/local-list.service';
import { RoamingTokens } from './application/roaming-tokens.service';
import { HttpRoamingAuthorizer } from './application/roaming/http-roaming-authorizer';
import { InProcessRoamingAuthorizer, type RoamingAuthorizeFunction } from './application/roaming/in-process-roaming-authorizer';
import type { RoamingAuthorizer } from './application/roaming/roaming-authorizer';
import { ContractCertificateVerifier } from './application/pnc/contract-certificate.verifier';
import { TrustStoreService } from './application/pnc/trust-store.service';
import { TokenService } from './application/token.service';
import { loadCustomerServiceConfig, type CustomerServiceConfig } from './config/customer-service-config';
import { AuthorizeHandler } from './handlers/authorize.handler';
import { customerHandlers } from './handlers/handlers';
import { OcpiTokensConsumer } from './messaging/ocpi-tokens.consumer';
import { OcppCommandsConsumer } from './messaging/ocpp-commands.consumer';
import { SessionLifecycleConsumer } from './messaging/session-lifecycle.consumer';
import { TokenEventPublisher } from './messaging/token-event.publisher';
import { customerMigrations } from './migrations/customer-migrations';
import { CustomerEntity } from './persistence/customer.entity';
import { IdTokenEntity } from './persistence/id-token.entity';
import { LocalListRepository } from './persistence/local-list.repository';
import { RootCertificateStore } from './persistence/root-certificate.store';
import { SessionTokenEntity } from './persistence/session-token.entity';
import { SessionTokenRepository } from './persistence/session-token.repository';
import { TokenRepository } from './persistence/token.repository';

/** What the customer-service offers besides the RunningService contract (its operator API and tests use it). */
export interface CustomerSurface {
  /** Customers and their id tokens (every change published on `customers.tokens.v1`). */
  readonly tokens: TokenService;
  /** Local authorization lists and authorization caches of stations. */
  readonly localLists: LocalListService;
  /** The command client of the ports the service was started with (results go to ocpp.commands.v1). */
  readonly commands: StationCommandClient;
  /** The ISO 15118 trust store (V2G and MO roots) contract chains are validated against. */
  readonly trustStore: TrustStoreService;
}

export interface CustomerStartOptions extends ServiceStartOptions {
  /**
   * Real-time authorization of roaming tokens by an ocpi-service in the same process (the
   * all-in-one), looked up at each Authorize (it starts later); otherwise over HTTP when
   * CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL is set.
   */
  inProcessRoamingAuthorization?: () => RoamingAuthorizeFunction | undefined;
}

/**
 * The customer-service: answers Authorize, owns customers and id tokens, keeps the sessions running
 * per token from `sessions.lifecycle.v1`, applies the results of its commands (local lists, cache)
 * from `ocpp.commands.v1`, and keeps the roaming partners' tokens from `ocpi.tokens.v1` as tokens of
 * a customer per eMSP party.
 */
export const customerService = defineService<CustomerServiceConfig, CustomerSurface, CustomerStartOptions>({
  name: 'customer-service',
  defaultSchema: 'customer',
  loadConfig: loadCustomerServiceConfig,
  service: (config) => config,
  entities: [CustomerEntity, IdTokenEntity, SessionTokenEntity],
  migrations: customerMigrations,
  compose: ({ config, dataSource, ports, logger }, options) => {
    const tokenRepository = new TokenRepository(dataSource);
    const sessionTokens = new SessionTokenRepository(dataSource);
    const tokens = new TokenService(tokenRepository, new TokenEventPublisher(ports.publisher, config.topics.CustomerTokens));
    const localLists = new LocalListService(tokenRepository, new LocalListRepository(dataSource), {
      registry: ports.registry,
      bootStatus: ports.bootStatus,
      commands: ports.commands,
      limits: ports.limits,
    });
    const trustStore = new TrustStoreService(new RootCertificateStore(dataSource));
    const authorize = new AuthorizeHandler(
      new AuthorizationService(
        tokenRepository,
        sessionTokens,
        new MasterPass(config.customer.masterPassGroupId),
        roamingAuthorizer(config, options, logger.child({ component: 'roaming-authorization' })),
      ),
      new ContractCertificateVerifier(new OcspClient(config.pnc.ocsp), trustStore, config.pnc.unreachable, logger),
    );
    const sessions = new SessionLifecycleConsumer(
      ports,
      sessionTokens,
      { groupId: config.customer.sessionsGroupId, topic: config.topics.SessionLifecycle },
      logger,
    );
    const commandResults = new OcppCommandsConsumer(
      ports,
      localLists,
      { groupId: config.customer.commandsGroupId, topic: config.topics.OcppCommands },
      logger,
    );
    const roamingTokens = new OcpiTokensConsumer(
      ports,
      new RoamingTokens(tokens, tokenRepository, logger),
      { groupId: config.customer.ocpiTokensGroupId, topic: config.topics.OcpiTokens },
      logger,
    );
    return {
      inbound: { handlers: customerHandlers({ authorize }) },
      runs: [sessions, commandResults, roamingTokens],
      surface: { tokens, localLists, commands: ports.commands, trustStore } satisfies CustomerSurface,
    };
  },
});

/** The configured URL wins (an all-in-one pointed at another ocpi-service); then the in-process one; else none. */
function roamingAuthorizer(config: CustomerServiceConfig, options: CustomerStartOptions, logger: Logger): RoamingAuthorizer | undefined {
  const { url, apiKey, timeoutMs } = config.roamingAuthorization;
  if (url && apiKey) return new HttpRoamingAuthorizer({ baseUrl: url, apiKey, timeoutMs }, logger);
  if (options.inProcessRoamingAuthorization)
    return new InProcessRoamingAuthorizer(options.inProcessRoamingAuthorization, timeoutMs, logger);
  return undefined;
}

export type CustomerServiceHandle = ServiceHandle<CustomerServiceConfig, CustomerSurface>;
