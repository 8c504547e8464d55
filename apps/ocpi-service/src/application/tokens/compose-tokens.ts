import { OperatorCommands } from '@voltlane/api-kit';
import type { Startable, ServiceContext } from '@voltlane/service-kit';
import type { OcpiServiceConfig } from '../../config/ocpi-service-config';
import { OcpiTokensPublisher } from '../../messaging/ocpi-tokens.publisher';
import { CommandRepository } from '../../persistence/command.repository';
import { SessionReferencesRepository } from '../../persistence/session-references.repository';
import { TokenAuthorizationRepository } from '../../persistence/token-authorization.repository';
import { TokenRepository } from '../../persistence/token.repository';
import { CommandExecutor } from '../commands/command-executor';
import { CommandReceiver } from '../commands/command-receiver';
import { SessionTransactions } from '../commands/session-transactions';
import type { PushPart } from '../push/compose-push';
import type { RegistrationPart } from '../registration/compose-registration';
import { RealTimeAuthorizer } from './real-time-authorizer';
import { TokenReceiver } from './token-receiver';

/** The tokens and commands part as the handle offers it (its controllers and tests use it). */
export interface TokensPart {
  /** The tokens receiver: eMSPs' tokens, each change published on ocpi.tokens.v1. */
  tokens: TokenReceiver;
  /** The commands receiver: checks and answers a command at once, then has the executor send it. */
  commands: CommandReceiver;
  /** Sends accepted commands to their stations and reports the results (tests wait with `idle`, run `sweep`). */
  executor: CommandExecutor;
  /** The roaming sessions' stations and transactions (fed from sessions.lifecycle.v1) for STOP_SESSION. */
  sessionTransactions: SessionTransactions;
  /** Real-time authorization of a roaming token with its eMSP (the operator API's POST /authorizations). */
  authorizer: RealTimeAuthorizer;
}

/**
 * The tokens and commands part: the tokens receiver (stored, published on ocpi.tokens.v1 for the
 * customer-service), the commands receiver and its executor (the operator-command path; results
 * to response_url through the outbox), and the roaming sessions' transactions for STOP_SESSION.
 */
export function composeTokens(
  { config, dataSource, ports, logger }: ServiceContext<OcpiServiceConfig>,
  registration: RegistrationPart,
  push: PushPart,
): { part: TokensPart; runs: Startable[] } {
  const tokenRepository = new TokenRepository();
  const commandRepository = new CommandRepository();
  const log = logger.child({ component: 'ocpi-tokens' });
  const publisher = new OcpiTokensPublisher(ports.publisher, config);
  const tokens = new TokenReceiver(dataSource, tokenRepository, publisher, log);
  const authorizer = new RealTimeAuthorizer({
    dataSource,
    tokens: tokenRepository,
    authorizations: new TokenAuthorizationRepository(),
    references: new SessionReferencesRepository(),
    partners: registration.partners,
    client: registration.client,
    publisher,
    options: {
      timeoutMs: config.ocpi.authorizationTimeoutMs,
      cacheMs: config.ocpi.authorizationCacheMs,
      offline: config.ocpi.offlineAuthorization,
    },
    logger: logger.child({ component: 'ocpi-authorization' }),
  });
  const operator = new OperatorCommands(ports);
  const timeoutMs = config.ocpi.commandTimeoutMs;
  const executor = new CommandExecutor(
    dataSource,
    commandRepository,
    operator,
    push.outbox,
    { timeoutMs, sweepMs: Math.max(500, Math.floor(timeoutMs / 2)) },
    logger.child({ component: 'ocpi-commands' }),
  );
  const commands = new CommandReceiver(
    dataSource,
    commandRepository,
    tokenRepository,
    tokens,
    push.locations,
    operator,
    executor,
    Math.ceil(timeoutMs / 1000),
    logger.child({ component: 'ocpi-commands' }),
  );
  return {
    part: {
      tokens,
      commands,
      executor,
      sessionTransactions: new SessionTransactions(dataSource, commandRepository, tokenRepository),
      authorizer,
    },
    runs: [executor],
  };
}
