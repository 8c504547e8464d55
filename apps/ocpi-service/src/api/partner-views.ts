import type { StoredPartner } from '../persistence/partner.repository';

/** A partner as the operator API shows it: never a token. */
export function partnerView(p: StoredPartner): {
  partnerId: string;
  name: string;
  status: string;
  version: string | null;
  versionsUrl: string | null;
  roles: StoredPartner['roles'];
  endpoints: StoredPartner['endpoints'];
  registeredAt: string | null;
  createdAt: string;
  updatedAt: string;
} {
  return {
    partnerId: p.partnerId,
    name: p.name,
    status: p.status,
    version: p.version,
    versionsUrl: p.versionsUrl,
    roles: p.roles,
    endpoints: p.endpoints,
    registeredAt: p.registeredAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export type PartnerView = ReturnType<typeof partnerView>;
