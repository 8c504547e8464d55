import { parseRoamingDecision, roamingAuthorizationDecision, toIdTagStatus16 } from './roaming-authorizer';

describe('roaming authorization decisions', () => {
  it('accepts with the eMSP’s cache expiry as the token’s expiry', () => {
    expect(roamingAuthorizationDecision({ status: 'Accepted', source: 'emsp', cacheExpiresAt: '2026-12-07T00:15:00+00:00' })).toEqual({
      status: 'Accepted',
      expiryDate: '2026-12-07T00:15:00.000Z',
    });
    expect(roamingAuthorizationDecision({ status: 'Accepted', source: 'policy' })).toEqual({ status: 'Accepted' });
    expect(roamingAuthorizationDecision({ status: 'Accepted', source: 'emsp', cacheExpiresAt: 'soon' })).toEqual({ status: 'Accepted' });
  });

  it.each([
    ['Blocked', 'Blocked', 'Blocked'],
    ['Expired', 'Expired', 'Expired'],
    ['NoCredit', 'NoCredit', 'Invalid'],
    ['NotAllowedTypeEVSE', 'NotAllowedTypeEVSE', 'Invalid'],
    ['Invalid', 'Invalid', 'Invalid'],
    ['Unknown', 'Invalid', 'Invalid'],
  ] as const)('%s → 2.x %s, 1.6 %s; a refusal carries no expiry', (answer, v2, v16) => {
    const decision = roamingAuthorizationDecision({ status: answer, source: 'emsp', cacheExpiresAt: '2026-12-07T00:15:00Z' });
    expect(decision).toEqual({ status: v2 });
    expect(toIdTagStatus16(decision.status)).toBe(v16);
  });

  it('reads an answer of the contract and refuses anything else', () => {
    const body = {
      status: 'Blocked',
      source: 'emsp',
      countryCode: 'DE',
      partyId: 'EMP',
      info: 'card blocked',
      extra: 1,
      cacheExpiresAt: 5,
    };
    expect(parseRoamingDecision(body)).toEqual({
      status: 'Blocked',
      source: 'emsp',
      countryCode: 'DE',
      partyId: 'EMP',
      info: 'card blocked',
    });
    expect(parseRoamingDecision({ status: 'ALLOWED', source: 'emsp' })).toBeUndefined();
    expect(parseRoamingDecision({ status: 'Accepted', source: 'cache' })).toBeUndefined();
    expect(parseRoamingDecision(null)).toBeUndefined();
    expect(parseRoamingDecision('Accepted')).toBeUndefined();
  });
});
