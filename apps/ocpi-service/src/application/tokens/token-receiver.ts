import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { applyTokenPatch, parsePutToken, tokenEvent, type OcpiToken, type TokenAddress } from '../../domain/token-object';
import { OcpiError, OcpiStatus } from '../../domain/ocpi-status';
import type { OcpiTokensPublisher } from '../../messaging/ocpi-tokens.publisher';
import type { TokenRepository } from '../../persistence/token.repository';
import type { Partner } from '../partners';

/**
 * How long a START_SESSION or RESERVE_NOW authorizes its token, whatever its whitelist: the CPO
 * does no real-time authorization of that token at that charge point within 15 minutes of the
 * command (mod_commands, StartSession and ReserveNow objects).
 */
export const COMMAND_AUTHORIZATION_MS = 15 * 60_000;

/** Whether (countryCode, partyId) is one of the partner's parties (its credentials roles; a hub lists many). */
export function ownsParty(partner: Pick<Partner, 'roles'>, countryCode: string, partyId: string): boolean {
  const cc = countryCode.toUpperCase();
  const pid = partyId.toUpperCase();
  return partner.roles.some((r) => r.countryCode.toUpperCase() === cc && r.partyId.toUpperCase() === pid);
}

/**
 * The tokens receiver (mod_tokens, CPO side): eMSPs push their tokens (PUT, PATCH) and read them
 * back (GET), only for their own parties. Every stored change is published on `ocpi.tokens.v1` in
 * the transaction that stores it (the row locked, so one token's records keep their order; a
 * failed publish fails the request and the eMSP pushes again).
 */
export class TokenReceiver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenRepository,
    private readonly publisher: OcpiTokensPublisher,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(partner: Partner, address: TokenAddress): Promise<OcpiToken> {
    this.checkParty(partner, address);
    const stored = await this.tokens.find(this.dataSource.manager, address);
    if (!stored) throw unknownToken(address);
    return stored.token;
  }

  /** PUT: the complete token; resolves with whether it is new (HTTP 201) or replaced one (200). */
  async put(partner: Partner, address: TokenAddress, body: unknown): Promise<{ created: boolean }> {
    this.checkParty(partner, address);
    const parsed = parsePutToken(body, address);
    if (!parsed.ok) throw OcpiError.badRequest(parsed.message);
    const created = await this.dataSource.transaction(async (m) => {
      const stored = await this.tokens.find(m, address, true);
      // One token per uid whatever its spelling (CiString): keep the uid as first stored.
      const token = stored ? { ...parsed.value, uid: stored.token.uid } : parsed.value;
      await this.tokens.save(m, token, partner.partnerId);
      await this.publisher.publish(tokenEvent(token, stored?.authorizedUntil ?? null));
      return !stored;
    });
    this.logger.info({ partnerId: partner.partnerId, token: logId(address), created }, 'eMSP token stored');
    return { created };
  }

  /** PATCH: the fields given replace the stored ones (`last_updated` required); an unknown token is 404 / 2004. */
  async patch(partner: Partner, address: TokenAddress, body: unknown): Promise<void> {
    this.checkParty(partner, address);
    await this.dataSource.transaction(async (m) => {
      const stored = await this.tokens.find(m, address, true);
      if (!stored) throw unknownToken(address);
      const patched = applyTokenPatch(stored.token, body);
      if (!patched.ok) throw OcpiError.badRequest(patched.message);
      await this.tokens.save(m, patched.value, partner.partnerId);
      await this.publisher.publish(tokenEvent(patched.value, stored.authorizedUntil));
    });
    this.logger.info({ partnerId: partner.partnerId, token: logId(address) }, 'eMSP token patched');
  }

  /**
   * The token of an accepted START_SESSION / RESERVE_NOW (already checked to be of the partner's
   * parties): stored (unless a newer version is), authorized for COMMAND_AUTHORIZATION_MS, and
   * published, so that the charge point's Authorize / transaction is accepted whatever the whitelist.
   */
  async authorizeForCommand(partner: Partner, token: OcpiToken): Promise<void> {
    const address: TokenAddress = { countryCode: token.country_code, partyId: token.party_id, uid: token.uid, type: token.type };
    const until = new Date(this.clock() + COMMAND_AUTHORIZATION_MS);
    await this.dataSource.transaction(async (m) => {
      const stored = await this.tokens.find(m, address, true);
      const newer = stored && Date.parse(stored.token.last_updated) > Date.parse(token.last_updated);
      const kept = stored && newer ? stored.token : { ...token, uid: stored?.token.uid ?? token.uid };
      await this.tokens.save(m, kept, partner.partnerId, until);
      await this.publisher.publish(tokenEvent(kept, until));
    });
  }

  private checkParty(partner: Partner, address: TokenAddress): void {
    if (!ownsParty(partner, address.countryCode, address.partyId))
      throw OcpiError.badRequest(
        `${address.countryCode}*${address.partyId} is not one of your parties (${partner.roles.map((r) => `${r.countryCode}*${r.partyId}`).join(', ') || 'none'})`,
      );
  }
}

function unknownToken(address: TokenAddress): OcpiError {
  return OcpiError.notFound(OcpiStatus.UnknownToken, `Unknown token ${logId(address)}`);
}

function logId(address: TokenAddress): string {
  return `${address.countryCode}/${address.partyId}/${address.uid} (${address.type})`;
}
