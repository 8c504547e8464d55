import { answeredCredentials } from './partner-admin';
import { broadcastParty, receiverUrl } from './partner-directory';
import { newToken, tokenHash } from './partner-tokens';
import { duplicateRole, ourCredentials, ourVersionDetails, rolesOf, type OcpiIdentity } from './ocpi-credentials';
import { RegistrationError } from './registration-error';
import type { Partner } from '../partners';

const identity: OcpiIdentity = { publicUrl: 'https://csms.example.com', countryCode: 'NL', partyId: 'VLT', businessName: 'Voltlane' };

describe('tokens we issue', () => {
  it('are 43 characters of base64url (32 random bytes), each new', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('are stored as SHA-256 hex', () => {
    expect(tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('our credentials and version details', () => {
  it('name this CPO with the token given and our versions URL', () => {
    expect(ourCredentials(identity, 'tok')).toEqual({
      token: 'tok',
      url: 'https://csms.example.com/ocpi/versions',
      roles: [{ role: 'CPO', business_details: { name: 'Voltlane' }, party_id: 'VLT', country_code: 'NL' }],
    });
  });

  it('list the CPO modules with their interface roles', () => {
    const details = ourVersionDetails(identity);
    expect(details.version).toBe('2.2.1');
    expect(details.endpoints.map((e) => `${e.identifier}:${e.role}`)).toEqual([
      'credentials:SENDER',
      'credentials:RECEIVER',
      'locations:SENDER',
      'sessions:SENDER',
      'cdrs:SENDER',
      'tariffs:SENDER',
      'tokens:RECEIVER',
      'commands:RECEIVER',
    ]);
    expect(details.endpoints.find((e) => e.identifier === 'tokens')?.url).toBe('https://csms.example.com/ocpi/cpo/2.2.1/tokens');
    expect(details.endpoints[0].url).toBe('https://csms.example.com/ocpi/2.2.1/credentials');
  });
});

describe('roles of a partner’s credentials', () => {
  const hub = {
    roles: [
      { role: 'HUB', business_details: { name: 'Hub' }, party_id: 'hub', country_code: 'de' },
      { role: 'EMSP', business_details: { name: 'A' }, party_id: 'AAA', country_code: 'DE' },
      { role: 'EMSP', business_details: { name: 'B' }, party_id: 'BBB', country_code: 'FR' },
    ],
  };

  it('are stored upper-cased with their business name', () => {
    expect(rolesOf(hub)).toEqual([
      { role: 'HUB', countryCode: 'DE', partyId: 'HUB', businessName: 'Hub' },
      { role: 'EMSP', countryCode: 'DE', partyId: 'AAA', businessName: 'A' },
      { role: 'EMSP', countryCode: 'FR', partyId: 'BBB', businessName: 'B' },
    ]);
  });

  it('must not repeat a (role, party) (case-insensitively)', () => {
    expect(duplicateRole(rolesOf(hub))).toBeUndefined();
    const twice = { roles: [...hub.roles, { role: 'EMSP', business_details: { name: 'A again' }, party_id: 'aaa', country_code: 'de' }] };
    expect(duplicateRole(rolesOf(twice))).toBe('EMSP DE*AAA');
  });

  it('address a broadcast to a hub itself, else to the eMSP party', () => {
    expect(broadcastParty(rolesOf(hub))).toEqual({ countryCode: 'DE', partyId: 'HUB' });
    expect(broadcastParty(rolesOf({ roles: hub.roles.slice(1) }))).toEqual({ countryCode: 'DE', partyId: 'AAA' });
    expect(broadcastParty([])).toBeUndefined();
  });

  it('a module’s receiver URL is its RECEIVER endpoint only', () => {
    const partner = {
      endpoints: [
        { identifier: 'locations', role: 'SENDER', url: 'https://p/sender' },
        { identifier: 'locations', role: 'RECEIVER', url: 'https://p/receiver' },
      ],
    } as Partner;
    expect(receiverUrl(partner, 'locations')).toBe('https://p/receiver');
    expect(receiverUrl(partner, 'sessions')).toBeUndefined();
  });
});

describe('answeredCredentials (a partner’s answer to our POST/PUT)', () => {
  const good = {
    token: 'C-token',
    url: 'https://emsp/versions',
    roles: [{ role: 'EMSP', business_details: { name: 'E' }, party_id: 'EMS', country_code: 'DE' }],
  };

  it('takes a well-formed Credentials object', () => {
    expect(answeredCredentials(good, 'POST x')).toBe(good);
  });

  it.each([
    [undefined, 'no credentials object in data'],
    [{ ...good, token: 'has space' }, 'token missing or not printable ASCII (1-64)'],
    [{ ...good, token: 'x'.repeat(65) }, 'token missing or not printable ASCII (1-64)'],
    [{ ...good, url: 'ftp://x' }, 'url missing or not http(s)'],
    [{ ...good, roles: [] }, 'roles missing or malformed'],
    [{ ...good, roles: [{ role: 'EMSP', party_id: 'TOOLONG', country_code: 'DE' }] }, 'roles missing or malformed'],
  ])('refuses %p: %s', (data, problem) => {
    expect(() => answeredCredentials(data, 'POST https://emsp/credentials')).toThrow(RegistrationError);
    expect(() => answeredCredentials(data, 'POST https://emsp/credentials')).toThrow(problem);
  });
});
