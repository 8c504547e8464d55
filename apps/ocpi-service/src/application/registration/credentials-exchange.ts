import type { Logger } from 'pino';
import type { OcpiClient } from '../ocpi-client';
import type { PartnerRole } from '../partners';
import type { PartnerRepository, StoredPartner } from '../../persistence/partner.repository';
import { duplicateRole, rolesOf, type CredentialsWire, type OcpiIdentity } from './ocpi-credentials';
import type { PartnerVersion } from './partner-platform';
import { tokenHash } from './partner-tokens';
import { RegistrationError } from './registration-error';

/** The condition a stored exchange depends on: the row as the exchange found it (status, token hash). */
export type ExchangeCondition = NonNullable<Parameters<PartnerRepository['storeCredentials']>[2]>;

/**
 * What both sides of a credentials exchange (the partner calls us: IncomingCredentials; we call the
 * partner: PartnerAdmin) work with, and how they store what an exchange agreed.
 */
export abstract class CredentialsExchange {
  constructor(
    protected readonly repository: PartnerRepository,
    protected readonly client: OcpiClient,
    protected readonly identity: OcpiIdentity,
    protected readonly logger: Logger,
    /** Called once a partner is registered (either direction): it gets everything published so far. */
    protected readonly registered: (partnerId: string) => void = () => undefined,
  ) {}

  /**
   * Stores what an exchange agreed: their version and endpoints, their credentials (URL, token,
   * `roles`) and the token we gave them (`incomingToken`), on the condition that the row is as the
   * exchange found it (`expect`); Conflict with `conflict` when it is not.
   */
  protected async storeExchange(
    partnerId: string,
    exchange: {
      theirs: Pick<PartnerVersion, 'version' | 'endpoints'>;
      credentials: Pick<CredentialsWire, 'url' | 'token'>;
      roles: PartnerRole[];
      incomingToken: string;
    },
    expect: ExchangeCondition,
    conflict: string,
  ): Promise<StoredPartner> {
    const stored = await this.repository.storeCredentials(
      partnerId,
      {
        version: exchange.theirs.version,
        versionsUrl: exchange.credentials.url,
        endpoints: exchange.theirs.endpoints,
        roles: exchange.roles,
        outgoingToken: exchange.credentials.token,
        incomingTokenHash: tokenHash(exchange.incomingToken),
      },
      expect,
    );
    if (!stored) throw new RegistrationError('Conflict', conflict);
    return stored;
  }
}

/** The roles of a Credentials object, refused (Invalid) when a (role, party) repeats. */
export function checkedRoles(body: Pick<CredentialsWire, 'roles'>): PartnerRole[] {
  const roles = rolesOf(body);
  const duplicate = duplicateRole(roles);
  if (duplicate)
    throw new RegistrationError('Invalid', `roles: ${duplicate} is listed twice (every role needs a unique role, party_id, country_code)`);
  return roles;
}
