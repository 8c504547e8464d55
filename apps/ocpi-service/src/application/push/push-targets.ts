import type { OcpiModuleId, PartnerDirectory, PushTarget } from '../partners';
import type { PushRequest } from '../push-outbox';

/** This CPO's party: the `{country_code}/{party_id}` of every Client Owned Object URL it pushes to. */
export interface OwnParty {
  countryCode: string;
  partyId: string;
}

/** `/{cc}/{pid}/{id…}` of a receiver URL, every segment URL-encoded. */
export function objectPath(party: OwnParty, ...ids: readonly string[]): string {
  return `/${[party.countryCode, party.partyId, ...ids].map(encodeURIComponent).join('/')}`;
}

/** The receivers of a module's broadcasts: every registered partner with a RECEIVER for it, or only `partnerId` (a full sync). */
export async function receiversOf(partners: PartnerDirectory, module: OcpiModuleId, partnerId?: string): Promise<PushTarget[]> {
  const targets = await partners.receiversOf(module);
  return partnerId === undefined ? targets : targets.filter((t) => t.partner.partnerId === partnerId);
}

/** One push per target of the same object change. */
export function pushesTo(
  targets: readonly PushTarget[],
  module: OcpiModuleId,
  push: Pick<PushRequest, 'objectKey' | 'method' | 'path' | 'body'>,
): PushRequest[] {
  return targets.map((target) => ({ partnerId: target.partner.partnerId, module, to: target.to, ...push }));
}
