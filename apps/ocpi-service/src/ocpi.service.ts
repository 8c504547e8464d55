import { defineService, type ServiceHandle, type ServiceStartOptions } from '@voltlane/service-kit';
import { OCPI_SERVICE, loadOcpiServiceConfig, type OcpiServiceConfig } from './config/ocpi-service-config';
import { OCPI_MIGRATIONS } from './migrations/ocpi-migrations';
import { composePush, type PushPart } from './application/push/compose-push';
import { composeRegistration, type RegistrationPart } from './application/registration/compose-registration';
import { composeSessions, type SessionsPart } from './application/sessions/compose-sessions';
import { composeTokens, type TokensPart } from './application/tokens/compose-tokens';
import { SessionsLifecycleConsumer } from './messaging/sessions-lifecycle.consumer';

/** What the ocpi-service offers besides the RunningService contract: each part's surface (its API and tests use them). */
export interface OcpiSurface {
  readonly registration: RegistrationPart;
  readonly push: PushPart;
  readonly sessions: SessionsPart;
  readonly tokens: TokensPart;
}

export type OcpiStartOptions = ServiceStartOptions;

/**
 * The ocpi-service: OCPI 2.2.1 in the CPO role. Partners (eMSPs, hubs) register with it or it with
 * them; it serves and pushes locations, tariffs, sessions and CDRs built from the public topics,
 * takes the eMSPs' tokens (authorized by the customer-service like its own) and their commands.
 * Every push goes through a durable outbox. Its tables come from the migrations; it maps no entities.
 */
export const ocpiService = defineService<OcpiServiceConfig, OcpiSurface, OcpiStartOptions>({
  name: OCPI_SERVICE,
  defaultSchema: 'ocpi',
  loadConfig: loadOcpiServiceConfig,
  service: (config) => config,
  entities: [],
  migrations: OCPI_MIGRATIONS,
  compose: (context) => {
    const registration = composeRegistration(context);
    const push = composePush(context, registration.part);
    const sessions = composeSessions(context, registration.part, push.part);
    const tokens = composeTokens(context, registration.part, push.part);
    // A partner that has just registered gets every tariff and location published so far (it can also pull them).
    registration.part.onRegistered((partnerId) => {
      push.part.syncPartner(partnerId).catch((error: unknown) => context.logger.warn({ err: error, partnerId }, 'full sync not queued'));
    });
    // One group on sessions.lifecycle.v1 for the parts that follow roaming sessions; local sessions are filtered out first.
    const lifecycle = new SessionsLifecycleConsumer(
      context.ports,
      sessions.part.filter,
      [(event) => sessions.part.sessions.apply(event), (event) => tokens.part.sessionTransactions.apply(event)],
      context.config,
      context.logger.child({ part: 'sessions' }),
    );
    return {
      runs: [...registration.runs, ...push.runs, ...sessions.runs, ...tokens.runs, lifecycle],
      surface: { registration: registration.part, push: push.part, sessions: sessions.part, tokens: tokens.part } satisfies OcpiSurface,
    };
  },
});

export type OcpiServiceHandle = ServiceHandle<OcpiServiceConfig, OcpiSurface>;
