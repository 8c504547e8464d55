import type { Startable, ServiceContext } from '@voltlane/service-kit';
import type { OcpiServiceConfig } from '../../config/ocpi-service-config';
import { BillingCdrsConsumer } from '../../messaging/billing-cdrs.consumer';
import { RoamingFilter } from './roaming-filter';
import { CdrRepository } from '../../persistence/cdr.repository';
import { SessionReferencesRepository } from '../../persistence/session-references.repository';
import { SessionTariffCatalogRepository } from '../../persistence/session-tariff-catalog.repository';
import { SessionRepository } from '../../persistence/session.repository';
import type { PushPart } from '../push/compose-push';
import type { RegistrationPart } from '../registration/compose-registration';
import { RoamingCdrs } from './roaming-cdrs';
import { RoamingSessions } from './roaming-sessions';
import { RoamingSweep } from './roaming-sweep';
import { SessionPricing } from './session-pricing';
import { SessionQueries } from './session-queries';

/** The sessions part: roaming sessions (sessions.lifecycle.v1) and their CDRs (billing.cdrs.v1), pushed and pulled. */
export interface SessionsPart {
  sessions: RoamingSessions;
  cdrs: RoamingCdrs;
  queries: SessionQueries;
  /** The throttle and eMSP-Location sweep (tests run a pass with `tick`). */
  sweep: RoamingSweep;
  /** Which session records concern roaming (the lifecycle and CDR consumers drop the others first). */
  filter: RoamingFilter;
}

/** How often the sweep runs: a quarter of the update interval, between 250 ms and 5 s. */
export function sweepPeriodMs(updateIntervalMs: number): number {
  return Math.min(5_000, Math.max(250, Math.floor(updateIntervalMs / 4)));
}

export function composeSessions(
  context: ServiceContext<OcpiServiceConfig>,
  registration: RegistrationPart,
  push: PushPart,
): { part: SessionsPart; runs: Startable[] } {
  const { config, dataSource, ports } = context;
  const logger = context.logger.child({ component: 'ocpi-sessions' });
  const cpo = { countryCode: config.ocpi.countryCode, partyId: config.ocpi.partyId };
  const catalog = new SessionTariffCatalogRepository();
  const pricing = new SessionPricing(catalog, logger);
  const sessionRepository = new SessionRepository();
  const cdrRepository = new CdrRepository();
  const references = new SessionReferencesRepository();
  const shared = { dataSource, partners: registration.partners, outbox: push.outbox, pricing, references, cpo, logger };
  const sessions = new RoamingSessions({ ...shared, sessions: sessionRepository, updateIntervalMs: config.ocpi.sessionUpdateIntervalMs });
  const cdrs = new RoamingCdrs({ ...shared, sessions: sessionRepository, cdrs: cdrRepository, roamingSessions: sessions });
  push.onDelivered(({ push: delivered, response }) => cdrs.delivered(delivered, response.location));
  const filter = new RoamingFilter(dataSource);
  const sweep = new RoamingSweep(sessions, cdrs, sweepPeriodMs(config.ocpi.sessionUpdateIntervalMs), logger);
  return {
    part: { sessions, cdrs, queries: new SessionQueries(dataSource, sessionRepository, cdrRepository, references), sweep, filter },
    runs: [new BillingCdrsConsumer(ports, filter, cdrs, config, logger), sweep],
  };
}
