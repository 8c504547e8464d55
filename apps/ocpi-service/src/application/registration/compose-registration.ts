import type { Logger } from 'pino';
import type { ServiceContext } from '@voltlane/service-kit';
import type { OcpiServiceConfig } from '../../config/ocpi-service-config';
import type { OcpiClient } from '../ocpi-client';
import { OcpiHttpClient } from '../../messaging/ocpi-http-client';
import { PartnerRepository } from '../../persistence/partner.repository';
import type { PartnerDirectory } from '../partners';
import { IncomingCredentials } from './incoming-credentials';
import type { OcpiIdentity } from './ocpi-credentials';
import { PartnerAdmin } from './partner-admin';
import { SqlPartnerDirectory } from './partner-directory';

/**
 * The registration part: the partners (directory, with token lookup for the auth guard), the
 * OCPI client every part calls partners with, versions and credentials in both directions.
 */
export interface RegistrationPart {
  partners: PartnerDirectory;
  client: OcpiClient;
  /** The directory with token resolution (which of the partner's tokens: A or C), for the auth guard. */
  directory: SqlPartnerDirectory;
  /** The operator's side: create, register with them, update, unregister, list. */
  admin: PartnerAdmin;
  /** The credentials module when partners call us. */
  incoming: IncomingCredentials;
  /** Who this CPO is and where partners reach it. */
  identity: OcpiIdentity;
  /** The service's logger (the OCPI HTTP layer logs with it). */
  logger: Logger;
  /** Adds a listener called once a partner is registered, in either direction. */
  onRegistered(listener: (partnerId: string) => void): void;
}

export function composeRegistration(context: ServiceContext<OcpiServiceConfig>): { part: RegistrationPart; runs: [] } {
  const { ocpi } = context.config;
  const logger = context.logger;
  const identity: OcpiIdentity = {
    publicUrl: ocpi.publicUrl,
    countryCode: ocpi.countryCode,
    partyId: ocpi.partyId,
    businessName: ocpi.businessName,
  };
  const repository = new PartnerRepository(context.dataSource);
  const directory = new SqlPartnerDirectory(repository);
  const client = new OcpiHttpClient(
    { countryCode: ocpi.countryCode, partyId: ocpi.partyId, requestTimeoutMs: ocpi.requestTimeoutMs },
    logger.child({ component: 'ocpi-client' }),
  );
  const registrationLogger = logger.child({ component: 'ocpi-registration' });
  const listeners: ((partnerId: string) => void)[] = [];
  const registered = (partnerId: string) => {
    for (const listener of listeners) listener(partnerId);
  };
  // Versions and credentials are platform to platform: no routing headers on those calls.
  const configurationClient = new OcpiHttpClient(
    { countryCode: ocpi.countryCode, partyId: ocpi.partyId, requestTimeoutMs: ocpi.requestTimeoutMs, routing: false },
    logger.child({ component: 'ocpi-client' }),
  );
  return {
    part: {
      partners: directory,
      client,
      directory,
      admin: new PartnerAdmin(repository, configurationClient, identity, registrationLogger, registered),
      incoming: new IncomingCredentials(repository, configurationClient, identity, registrationLogger, registered),
      identity,
      logger,
      onRegistered: (listener) => listeners.push(listener),
    },
    runs: [],
  };
}
