import type { PartnerEndpoint, PartnerRole } from '../partners';

/** OCPI version this service speaks. */
export const OCPI_VERSION = '2.2.1';

/** A CredentialsRole as OCPI sends it. */
export interface CredentialsRoleWire {
  role: string;
  business_details: { name: string; website?: string; logo?: unknown };
  party_id: string;
  country_code: string;
}

/** The Credentials object as OCPI sends it. */
export interface CredentialsWire {
  token: string;
  url: string;
  roles: CredentialsRoleWire[];
}

const PRINTABLE = '^[\\x21-\\x7E]+$';

/** JSON schema of an incoming Credentials object (POST/PUT credentials); also documents it. */
export const credentialsSchema: Record<string, unknown> = {
  type: 'object',
  required: ['token', 'url', 'roles'],
  properties: {
    token: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: PRINTABLE,
      description: 'The token for the other party to call you with (printable ASCII, no whitespace)',
    },
    url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'Your versions endpoint' },
    roles: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        required: ['role', 'business_details', 'party_id', 'country_code'],
        properties: {
          role: { type: 'string', enum: ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'] },
          business_details: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, website: { type: 'string' }, logo: { type: 'object' } },
          },
          party_id: { type: 'string', pattern: '^[A-Za-z0-9]{3}$' },
          country_code: { type: 'string', pattern: '^[A-Za-z]{2}$' },
        },
      },
    },
  },
};

/** Roles as stored from a Credentials object. */
export function rolesOf(credentials: Pick<CredentialsWire, 'roles'>): PartnerRole[] {
  return credentials.roles.map((r) => ({
    role: r.role,
    countryCode: r.country_code.toUpperCase(),
    partyId: r.party_id.toUpperCase(),
    ...(typeof r.business_details?.name === 'string' ? { businessName: r.business_details.name } : {}),
  }));
}

/** Every role needs a unique (role, party_id, country_code): the first duplicate, described, or undefined. */
export function duplicateRole(roles: readonly PartnerRole[]): string | undefined {
  const seen = new Set<string>();
  for (const r of roles) {
    const key = `${r.role} ${r.countryCode}*${r.partyId}`;
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/** Who this CPO is, and where partners reach it. */
export interface OcpiIdentity {
  publicUrl: string;
  countryCode: string;
  partyId: string;
  businessName: string;
}

export const versionsUrlOf = (identity: OcpiIdentity): string => `${identity.publicUrl}/ocpi/versions`;
export const versionDetailsUrlOf = (identity: OcpiIdentity): string => `${identity.publicUrl}/ocpi/${OCPI_VERSION}`;

/** GET /ocpi/versions. */
export function ourVersions(identity: OcpiIdentity): { version: string; url: string }[] {
  return [{ version: OCPI_VERSION, url: versionDetailsUrlOf(identity) }];
}

/** GET /ocpi/2.2.1: the modules of this CPO. */
export function ourVersionDetails(identity: OcpiIdentity): { version: string; endpoints: PartnerEndpoint[] } {
  const module = (identifier: string, role: 'SENDER' | 'RECEIVER'): PartnerEndpoint => ({
    identifier,
    role,
    url: `${identity.publicUrl}/ocpi/cpo/${OCPI_VERSION}/${identifier}`,
  });
  const credentials = `${identity.publicUrl}/ocpi/${OCPI_VERSION}/credentials`;
  return {
    version: OCPI_VERSION,
    endpoints: [
      { identifier: 'credentials', role: 'SENDER', url: credentials },
      { identifier: 'credentials', role: 'RECEIVER', url: credentials },
      module('locations', 'SENDER'),
      module('sessions', 'SENDER'),
      module('cdrs', 'SENDER'),
      module('tariffs', 'SENDER'),
      module('tokens', 'RECEIVER'),
      module('commands', 'RECEIVER'),
    ],
  };
}

/** Our Credentials object, carrying `token` (the one the partner calls us with). */
export function ourCredentials(identity: OcpiIdentity, token: string): CredentialsWire {
  return {
    token,
    url: versionsUrlOf(identity),
    roles: [
      { role: 'CPO', business_details: { name: identity.businessName }, party_id: identity.partyId, country_code: identity.countryCode },
    ],
  };
}
