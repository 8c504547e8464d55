import { isPartyCustomer, partyCustomer, roamingTokenRef, roamingTokenState } from './roaming-token';

describe('roaming tokens (ocpi.tokens.v1) as id tokens', () => {
  it.each([
    [true, 'ALWAYS', 'Accepted'],
    [true, 'ALLOWED', 'Accepted'],
    [true, 'ALLOWED_OFFLINE', 'Accepted'],
    [true, 'NEVER', 'Invalid'],
    [false, 'ALWAYS', 'Blocked'],
    [false, 'NEVER', 'Blocked'],
  ] as const)('valid %s, whitelist %s → %s, no expiry', (valid, whitelist, status) => {
    expect(roamingTokenState({ valid, whitelist })).toEqual({ status, expiryDate: null });
  });

  it('a command’s authorization accepts a token that is not whitelisted until it ends', () => {
    const authorizedUntil = '2026-03-02T17:15:00.000Z';
    expect(roamingTokenState({ valid: true, whitelist: 'NEVER', authorizedUntil })).toEqual({
      status: 'Accepted',
      expiryDate: new Date(authorizedUntil),
    });
    expect(roamingTokenState({ valid: true, whitelist: 'ALWAYS', authorizedUntil })).toEqual({ status: 'Accepted', expiryDate: null });
  });

  it('presents an RFID card as ISO14443 and an app id as Central', () => {
    expect(roamingTokenRef({ uid: 'aabb', type: 'RFID' })).toEqual({ idToken: 'aabb', type: 'ISO14443' });
    expect(roamingTokenRef({ uid: 'u-1', type: 'APP_USER' })).toEqual({ idToken: 'u-1', type: 'Central' });
  });

  it('gives each eMSP party one stable customer', () => {
    const tnm = partyCustomer('NL', 'TNM');
    expect(tnm).toEqual(partyCustomer('nl', 'tnm'));
    expect(tnm.name).toBe('OCPI NL*TNM');
    expect(tnm.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(partyCustomer('NL', 'ABC').id).not.toBe(tnm.id);
  });
});

describe('isPartyCustomer', () => {
  it('knows the customer of an eMSP party by its name and derived id, and nothing else', () => {
    const party = partyCustomer('de', 'emp');
    expect(isPartyCustomer(party)).toBe(true);
    expect(isPartyCustomer({ ...party, id: partyCustomer('DE', 'EMQ').id })).toBe(false);
    expect(isPartyCustomer({ id: '3f0e1c1e-0000-4000-8000-000000000000', name: 'OCPI DE*EMP' })).toBe(false);
    expect(isPartyCustomer({ id: party.id, name: 'Fleet DE*EMP' })).toBe(false);
  });
});
