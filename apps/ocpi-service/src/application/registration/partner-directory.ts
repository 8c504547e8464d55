import type { OcpiModuleId, Partner, PartnerDirectory, PartnerRole, PushTarget } from '../partners';
import type { Queryable } from '@voltlane/service-kit';
import { PartnerRepository, type StoredPartner, type TokenKind } from '../../persistence/partner.repository';
import { tokenHash } from './partner-tokens';

/** The module's RECEIVER endpoint in a partner's version details. */
export function receiverUrl(partner: Partner, module: OcpiModuleId): string | undefined {
  return endpointUrl(partner, module, 'RECEIVER');
}

/** The module's endpoint of that interface role in a partner's version details. */
export function endpointUrl(partner: Partner, module: OcpiModuleId, role: 'SENDER' | 'RECEIVER'): string | undefined {
  return partner.endpoints.find((e) => e.identifier === module && e.role === role)?.url;
}

const isHub = (partner: Partner): boolean => partner.roles.some((r) => r.role === 'HUB');

/**
 * The party a broadcast to this partner is addressed to (OCPI-to-*): a hub's own party (a
 * Broadcast Push, which the hub forwards to every party), else its first eMSP-like party.
 */
export function broadcastParty(roles: readonly PartnerRole[]): { countryCode: string; partyId: string } | undefined {
  const chosen =
    roles.find((r) => r.role === 'HUB') ?? roles.find((r) => r.role === 'EMSP') ?? roles.find((r) => r.role !== 'CPO') ?? roles[0];
  return chosen ? { countryCode: chosen.countryCode, partyId: chosen.partyId } : undefined;
}

/** PartnerDirectory on the `partners` table (tokens looked up by their SHA-256). */
export class SqlPartnerDirectory implements PartnerDirectory {
  constructor(private readonly repository: PartnerRepository) {}

  async byToken(token: string): Promise<Partner | undefined> {
    return (await this.resolveToken(token))?.partner;
  }

  /** The partner and which of its tokens (A: registration, C: current credentials) this is. */
  async resolveToken(token: string): Promise<{ partner: StoredPartner; kind: TokenKind } | undefined> {
    if (token.length === 0 || token.length > 1024) return undefined;
    return this.repository.byTokenHash(tokenHash(token));
  }

  within(db: Queryable): PartnerDirectory {
    return new SqlPartnerDirectory(new PartnerRepository(db));
  }

  get(partnerId: string): Promise<Partner | undefined> {
    return this.repository.get(partnerId);
  }

  async receiversOf(module: OcpiModuleId): Promise<PushTarget[]> {
    const partners = await this.repository.registered();
    return partners.flatMap((partner) => {
      const baseUrl = receiverUrl(partner, module);
      const to = broadcastParty(partner.roles);
      return baseUrl && to ? [{ partner, baseUrl, to }] : [];
    });
  }

  receiverForParty(module: OcpiModuleId, countryCode: string, partyId: string): Promise<PushTarget | undefined> {
    return this.forParty(module, 'RECEIVER', countryCode, partyId);
  }

  senderForParty(module: OcpiModuleId, countryCode: string, partyId: string): Promise<PushTarget | undefined> {
    return this.forParty(module, 'SENDER', countryCode, partyId);
  }

  async hubSendersOf(module: OcpiModuleId): Promise<PushTarget[]> {
    const partners = await this.repository.registered();
    return partners.filter(isHub).flatMap((partner) => {
      const baseUrl = endpointUrl(partner, module, 'SENDER');
      const to = broadcastParty(partner.roles);
      return baseUrl && to ? [{ partner, baseUrl, to }] : [];
    });
  }

  private async forParty(
    module: OcpiModuleId,
    role: 'SENDER' | 'RECEIVER',
    countryCode: string,
    partyId: string,
  ): Promise<PushTarget | undefined> {
    const partners = await this.repository.registered({ countryCode, partyId });
    // The party's own platform before a hub that also lists it (a direct connection is preferred).
    const ordered = [...partners.filter((p) => !isHub(p)), ...partners.filter(isHub)];
    for (const partner of ordered) {
      const baseUrl = endpointUrl(partner, module, role);
      if (baseUrl) return { partner, baseUrl, to: { countryCode: countryCode.toUpperCase(), partyId: partyId.toUpperCase() } };
    }
    return undefined;
  }
}
