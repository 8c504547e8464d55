import type { Queryable } from '@voltlane/service-kit';

/** The OCPI module identifiers of 2.2.1 (version details `identifier`). */
export type OcpiModuleId =
  'credentials' | 'locations' | 'sessions' | 'cdrs' | 'tariffs' | 'tokens' | 'commands' | 'chargingprofiles' | 'hubclientinfo';

/** One endpoint of a partner's version details. */
export interface PartnerEndpoint {
  identifier: string;
  role: 'SENDER' | 'RECEIVER';
  url: string;
}

/** A party in a partner's credentials (`roles`): a hub lists many. */
export interface PartnerRole {
  role: string;
  countryCode: string;
  partyId: string;
  businessName?: string;
}

export type PartnerStatus = 'PENDING' | 'REGISTERED' | 'UNREGISTERED';

/** A platform we exchanged credentials with (an eMSP, or a hub speaking for many parties). */
export interface Partner {
  partnerId: string;
  name: string;
  status: PartnerStatus;
  /** OCPI version agreed (2.2.1). */
  version: string | null;
  versionsUrl: string | null;
  endpoints: PartnerEndpoint[];
  roles: PartnerRole[];
  /** The token we send in `Authorization` when we call them (null until registered). */
  outgoingToken: string | null;
  registeredAt: Date | null;
}

/** Where a push goes: a registered partner, the receiver URL of the module, and (via a hub) the party it is for. */
export interface PushTarget {
  partner: Partner;
  /** The module's RECEIVER endpoint URL at the partner. */
  baseUrl: string;
  /** OCPI-to-country-code / OCPI-to-party-id of the request (the party the object is for). */
  to: { countryCode: string; partyId: string };
}

/**
 * The registered partners, for the parts that push to them or authenticate their calls. Owned by
 * the registration part (application/registration/*).
 */
export interface PartnerDirectory {
  /** The partner whose current token (C, or A while pending) this is; undefined: none. */
  byToken(token: string): Promise<Partner | undefined>;
  get(partnerId: string): Promise<Partner | undefined>;
  /** Registered partners with a RECEIVER endpoint for `module` (broadcasts: locations, tariffs), one target per partner. */
  receiversOf(module: OcpiModuleId): Promise<PushTarget[]>;
  /** The registered partner that speaks for party (countryCode, partyId) with a RECEIVER for `module` (a token's eMSP, directly or via a hub). */
  receiverForParty(module: OcpiModuleId, countryCode: string, partyId: string): Promise<PushTarget | undefined>;
  /** The registered partner that speaks for party (countryCode, partyId) with a SENDER for `module` (a token's eMSP for real-time authorization). */
  senderForParty(module: OcpiModuleId, countryCode: string, partyId: string): Promise<PushTarget | undefined>;
  /** Registered hubs (a HUB role) with a SENDER for `module`, each addressed to its own (HUB) party. */
  hubSendersOf(module: OcpiModuleId): Promise<PushTarget[]>;
  /**
   * The same directory read on a transaction's connection. Code inside a transaction looks
   * partners up through it: a second connection from the pool per transaction would starve the
   * pool (every connection held by a transaction waiting for one more) once as many stations'
   * records run at once as the pool has connections.
   */
  within(db: Queryable): PartnerDirectory;
}
