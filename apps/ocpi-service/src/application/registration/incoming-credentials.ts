import type { StoredPartner, TokenKind } from '../../persistence/partner.repository';
import { CredentialsExchange, checkedRoles, type ExchangeCondition } from './credentials-exchange';
import { ourCredentials, type CredentialsWire } from './ocpi-credentials';
import { readPartnerVersion } from './partner-platform';
import { newToken, tokenHash } from './partner-tokens';
import { RegistrationError } from './registration-error';

/** The caller of the credentials endpoint, as the auth guard found it. */
export interface CredentialsCaller {
  partner: StoredPartner | { partnerId: string; status: StoredPartner['status'] };
  /** The token it called with (decoded). */
  token: string;
  correlationId: string;
}

/**
 * The credentials module when a partner calls us (we are the server): POST registers them (token
 * A → their token B stored to call them, a new token C for them), PUT updates (their new token,
 * endpoints re-read, a new token for them), DELETE unregisters, GET shows our credentials.
 * Their platform is read before anything is stored; the store is conditional on the row being as
 * the call found it, so two concurrent exchanges cannot both win.
 */
export class IncomingCredentials extends CredentialsExchange {
  /** GET: our credentials, with the token the caller used. */
  show(caller: CredentialsCaller): CredentialsWire {
    return ourCredentials(this.identity, caller.token);
  }

  /** POST: their registration. Refused (Conflict → 405) unless they called with the token A of a pending registration. */
  async register(caller: CredentialsCaller & { kind: TokenKind }, body: CredentialsWire): Promise<CredentialsWire> {
    if (caller.partner.status === 'REGISTERED')
      throw new RegistrationError('Conflict', 'Already registered: update the credentials with PUT, or unregister with DELETE first');
    if (caller.kind !== 'A')
      throw new RegistrationError(
        'Conflict',
        'A registration with this platform is in progress from our side; it cannot also register with us',
      );
    const { stored, tokenC } = await this.exchange(
      caller,
      body,
      { status: ['PENDING'], tokenAHash: tokenHash(caller.token) },
      'Already registered (a concurrent registration completed first)',
    );
    this.logger.info(
      { partnerId: stored.partnerId, roles: stored.roles.length, endpoints: stored.endpoints.length },
      'OCPI partner registered with us',
    );
    this.registered(stored.partnerId);
    return ourCredentials(this.identity, tokenC);
  }

  /** PUT: their new credentials (token, versions URL, roles); their endpoints re-read; a new token for them. */
  async update(caller: CredentialsCaller & { kind: TokenKind }, body: CredentialsWire): Promise<CredentialsWire> {
    if (caller.partner.status !== 'REGISTERED' || caller.kind !== 'C')
      throw new RegistrationError('Conflict', 'Not registered: register with POST first');
    const { stored, tokenC } = await this.exchange(
      caller,
      body,
      { status: ['REGISTERED'], tokenCHash: tokenHash(caller.token) },
      'The credentials changed meanwhile (a concurrent update or unregistration)',
    );
    this.logger.info(
      { partnerId: stored.partnerId, roles: stored.roles.length, endpoints: stored.endpoints.length },
      'OCPI partner updated its credentials',
    );
    return ourCredentials(this.identity, tokenC);
  }

  /** DELETE: they unregister; their token stops working and nothing is sent to them any more. */
  async unregister(caller: CredentialsCaller & { kind: TokenKind }): Promise<void> {
    if (caller.partner.status !== 'REGISTERED' || caller.kind !== 'C') throw new RegistrationError('Conflict', 'Not registered');
    const done = await this.repository.unregister(caller.partner.partnerId, tokenHash(caller.token));
    if (!done) throw new RegistrationError('Conflict', 'Not registered (the credentials changed meanwhile)');
    this.logger.info({ partnerId: caller.partner.partnerId }, 'OCPI partner unregistered');
  }

  /**
   * Their roles checked, their platform read with their token, a new token C for them, all stored
   * on the condition `expect` (Conflict with `conflict` when the row changed meanwhile).
   */
  private async exchange(
    caller: CredentialsCaller,
    body: CredentialsWire,
    expect: ExchangeCondition,
    conflict: string,
  ): Promise<{ stored: StoredPartner; tokenC: string }> {
    const roles = checkedRoles(body);
    const theirs = await readPartnerVersion(this.client, body.url, body.token, caller.correlationId);
    const tokenC = newToken();
    const stored = await this.storeExchange(
      caller.partner.partnerId,
      { theirs, credentials: body, roles, incomingToken: tokenC },
      expect,
      conflict,
    );
    return { stored, tokenC };
  }
}
