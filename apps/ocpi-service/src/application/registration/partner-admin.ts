import { randomUUID } from 'node:crypto';
import type { StoredPartner } from '../../persistence/partner.repository';
import type { PartnerStatus } from '../partners';
import { CredentialsExchange, checkedRoles } from './credentials-exchange';
import { ourCredentials, versionsUrlOf, type CredentialsWire } from './ocpi-credentials';
import { callPartner, readPartnerVersion } from './partner-platform';
import { newToken, tokenHash } from './partner-tokens';
import { RegistrationError } from './registration-error';

/** What the partner answered when we unregistered at its platform (we unregister locally whatever it says). */
export type RemoteOutcome = { called: false; reason: string } | { called: true; ok: boolean; detail: string };

/**
 * The operator's side of the partners: create one (a token A for them to register with us), we
 * register with them (their token A), we update our credentials at them (a new token), we
 * unregister, and the lists. Every call to a partner says in its error what failed.
 */
export class PartnerAdmin extends CredentialsExchange {
  /** A new pending partner and its token A (shown once; only its hash is kept). */
  async create(name: string): Promise<{ partner: StoredPartner; tokenA: string; versionsUrl: string }> {
    const tokenA = newToken();
    const partner = await this.repository.create(randomUUID(), name, tokenHash(tokenA));
    this.logger.info({ partnerId: partner.partnerId }, 'OCPI partner created (pending registration)');
    return { partner, tokenA, versionsUrl: versionsUrlOf(this.identity) };
  }

  async get(partnerId: string): Promise<StoredPartner> {
    const partner = await this.repository.get(partnerId);
    if (!partner) throw new RegistrationError('NotFound', `No OCPI partner ${partnerId}`);
    return partner;
  }

  list(page: { limit: number; offset: number }, status?: PartnerStatus): Promise<{ items: StoredPartner[]; total: number }> {
    return this.repository.list(page, status);
  }

  /** A new token A for a partner that is not registered (after an unregistration, or a lost token). */
  async newRegistrationToken(partnerId: string): Promise<{ partner: StoredPartner; tokenA: string; versionsUrl: string }> {
    const partner = await this.get(partnerId);
    if (partner.status === 'REGISTERED') throw new RegistrationError('Conflict', `Partner ${partnerId} is registered: unregister it first`);
    const tokenA = newToken();
    const reopened = await this.repository.reopen(partnerId, tokenHash(tokenA));
    if (!reopened) throw new RegistrationError('NotFound', `No OCPI partner ${partnerId}`);
    return { partner: reopened, tokenA, versionsUrl: versionsUrlOf(this.identity) };
  }

  /**
   * We register with them: their versions and 2.2.1 details with their token A, then POST our
   * credentials with a new token B (usable on our versions/credentials at once: they read our
   * details with it while they answer); their answer's token C is what we call them with.
   */
  async registerWith(partnerId: string, versionsUrl: string, tokenA: string): Promise<StoredPartner> {
    const partner = await this.get(partnerId);
    if (partner.status === 'REGISTERED') throw new RegistrationError('Conflict', `Partner ${partnerId} is already registered`);
    const correlationId = randomUUID();
    const theirs = await readPartnerVersion(this.client, versionsUrl, tokenA, correlationId);
    const credentialsUrl = credentialsEndpoint(theirs.endpoints);
    const tokenB = newToken();
    await this.repository.setIncomingToken(partnerId, tokenHash(tokenB));
    try {
      const credentials = await this.sendCredentials('POST', credentialsUrl, tokenA, tokenB, correlationId);
      const stored = await this.storeExchange(
        partnerId,
        { theirs, credentials, roles: checkedRoles(credentials), incomingToken: tokenB },
        { status: ['PENDING', 'UNREGISTERED'], tokenCHash: tokenHash(tokenB) },
        `Partner ${partnerId} changed meanwhile (registered or unregistered concurrently)`,
      );
      this.logger.info({ partnerId, roles: stored.roles.length, endpoints: stored.endpoints.length }, 'registered with OCPI partner');
      this.registered(partnerId);
      return stored;
    } catch (error) {
      await this.repository.clearIncomingToken(partnerId, tokenHash(tokenB));
      throw error;
    }
  }

  /** We update our credentials at them (PUT): a new token for them to call us with; theirs from the answer; their endpoints re-read. */
  async updateCredentials(partnerId: string): Promise<StoredPartner> {
    const partner = await this.get(partnerId);
    if (partner.status !== 'REGISTERED' || !partner.outgoingToken || !partner.versionsUrl)
      throw new RegistrationError('Conflict', `Partner ${partnerId} is not registered`);
    const correlationId = randomUUID();
    const current = partner.outgoingToken;
    const credentialsUrl = credentialsEndpoint(partner.endpoints);
    const offered = newToken();
    await this.repository.setPendingToken(partnerId, tokenHash(offered));
    try {
      const credentials = await this.sendCredentials('PUT', credentialsUrl, current, offered, correlationId);
      const theirs = await readPartnerVersion(this.client, credentials.url, credentials.token, correlationId).catch((error: unknown) => {
        // They switched already: keep their endpoints as they were and say so.
        this.logger.warn({ partnerId, err: error }, 'credentials updated at the partner, but its endpoints could not be re-read');
        return { version: partner.version ?? '2.2.1', endpoints: partner.endpoints };
      });
      const stored = await this.storeExchange(
        partnerId,
        { theirs, credentials, roles: checkedRoles(credentials), incomingToken: offered },
        { status: ['REGISTERED'], tokenAHash: tokenHash(offered) },
        `Partner ${partnerId} changed meanwhile (updated or unregistered concurrently)`,
      );
      this.logger.info({ partnerId }, 'credentials updated at OCPI partner');
      return stored;
    } catch (error) {
      await this.repository.clearPendingToken(partnerId, tokenHash(offered));
      throw error;
    }
  }

  /** Unregister: DELETE our credentials at them when registered (whatever they answer), then forget every token. */
  async unregister(partnerId: string): Promise<{ partner: StoredPartner; remote: RemoteOutcome }> {
    const partner = await this.get(partnerId);
    let remote: RemoteOutcome;
    if (partner.status !== 'REGISTERED' || !partner.outgoingToken) remote = { called: false, reason: `the partner was ${partner.status}` };
    else {
      const url = partner.endpoints.find((e) => e.identifier === 'credentials')?.url;
      if (!url) remote = { called: false, reason: 'the partner lists no credentials endpoint' };
      else
        remote = await callPartner(this.client, { method: 'DELETE', url, token: partner.outgoingToken }).then(
          (answer) =>
            ({ called: true, ok: true, detail: `DELETE ${url}: HTTP ${answer.httpStatus}, status_code ${answer.statusCode}` }) as const,
          (error: unknown) => ({ called: true, ok: false, detail: error instanceof Error ? error.message : String(error) }) as const,
        );
    }
    const unregistered = await this.repository.unregister(partnerId);
    if (!unregistered) throw new RegistrationError('NotFound', `No OCPI partner ${partnerId}`);
    this.logger.info({ partnerId, remote }, 'OCPI partner unregistered by the operator');
    return { partner: unregistered, remote };
  }

  /** Our credentials with `offered` (the token they are to call us with) sent to their credentials endpoint with `token`; their answer's credentials. */
  private async sendCredentials(
    method: 'POST' | 'PUT',
    url: string,
    token: string,
    offered: string,
    correlationId: string,
  ): Promise<CredentialsWire> {
    const answer = await callPartner(this.client, { method, url, token, body: ourCredentials(this.identity, offered), correlationId });
    return answeredCredentials(answer.data, `${method} ${url}`);
  }
}

function credentialsEndpoint(endpoints: readonly { identifier: string; url: string }[]): string {
  const url = endpoints.find((e) => e.identifier === 'credentials')?.url;
  if (!url) throw new RegistrationError('NoMatchingEndpoints', 'The partner lists no credentials endpoint');
  return url;
}

/** The Credentials object of a partner's answer, or PartnerFailed saying what is wrong with it. */
export function answeredCredentials(data: unknown, what: string): CredentialsWire {
  const c = data as Partial<CredentialsWire> | undefined;
  const problems: string[] = [];
  if (!c || typeof c !== 'object') problems.push('no credentials object in data');
  else {
    if (typeof c.token !== 'string' || !/^[\x21-\x7e]{1,64}$/.test(c.token)) problems.push('token missing or not printable ASCII (1-64)');
    if (typeof c.url !== 'string' || !/^https?:\/\//.test(c.url)) problems.push('url missing or not http(s)');
    if (
      !Array.isArray(c.roles) ||
      c.roles.length === 0 ||
      c.roles.some(
        (r) => typeof r?.role !== 'string' || !/^[A-Za-z]{2}$/.test(String(r.country_code)) || !/^[A-Za-z0-9]{3}$/.test(String(r.party_id)),
      )
    )
      problems.push('roles missing or malformed (role, country_code, party_id)');
  }
  if (problems.length > 0)
    throw new RegistrationError('PartnerFailed', `${what}: the answer's credentials are unusable: ${problems.join('; ')}`);
  return c as CredentialsWire;
}
