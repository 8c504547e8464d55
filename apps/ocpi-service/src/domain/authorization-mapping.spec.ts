import { authorizeUrl, ocpiTokenTypeOfOcpp, offlineStatus, readAuthorizationInfo, statusOfAllowed } from './authorization-mapping';

const NOW = new Date('2026-12-06T12:00:00Z');

describe('statusOfAllowed', () => {
  it.each([
    ['ALLOWED', 'Accepted'],
    ['BLOCKED', 'Blocked'],
    ['EXPIRED', 'Expired'],
    ['NO_CREDIT', 'NoCredit'],
    ['NOT_ALLOWED', 'NotAllowedTypeEVSE'],
  ] as const)('%s → %s', (allowed, status) => {
    expect(statusOfAllowed(allowed)).toBe(status);
  });
});

describe('ocpiTokenTypeOfOcpp', () => {
  it.each([
    [undefined, 'RFID'],
    ['ISO14443', 'RFID'],
    ['ISO15693', 'RFID'],
    ['Central', 'APP_USER'],
    ['NoAuthorization', 'AD_HOC_USER'],
    ['eMAID', 'OTHER'],
    ['KeyCode', 'OTHER'],
    ['Local', 'OTHER'],
  ])('%s → %s', (ocpp, ocpi) => {
    expect(ocpiTokenTypeOfOcpp(ocpp)).toBe(ocpi);
  });
});

describe('offlineStatus', () => {
  const token = (valid: boolean, whitelist: string, authorizedUntil: Date | null = null) => ({ valid, whitelist, authorizedUntil });

  it('accept: any token, even none, is Accepted; reject: every token is Invalid', () => {
    expect(offlineStatus('accept', undefined, NOW)).toBe('Accepted');
    expect(offlineStatus('accept', token(false, 'NEVER'), NOW)).toBe('Accepted');
    expect(offlineStatus('reject', token(true, 'ALWAYS'), NOW)).toBe('Invalid');
  });

  it('cached: a valid stored token that may be whitelisted is Accepted', () => {
    for (const whitelist of ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE'])
      expect(offlineStatus('cached', token(true, whitelist), NOW)).toBe('Accepted');
  });

  it('cached: NEVER, an invalid token or none is Invalid, unless a NEVER token is still authorized', () => {
    expect(offlineStatus('cached', token(true, 'NEVER'), NOW)).toBe('Invalid');
    expect(offlineStatus('cached', token(false, 'ALWAYS'), NOW)).toBe('Invalid');
    expect(offlineStatus('cached', undefined, NOW)).toBe('Invalid');
    expect(offlineStatus('cached', token(true, 'NEVER', new Date(NOW.getTime() + 1000)), NOW)).toBe('Accepted');
    expect(offlineStatus('cached', token(true, 'NEVER', new Date(NOW.getTime() - 1000)), NOW)).toBe('Invalid');
  });
});

describe('authorizeUrl', () => {
  it('joins the tokens url and the uid without a double slash, with the type', () => {
    expect(authorizeUrl('https://emsp.example/ocpi/2.2.1/tokens/', '012345678', 'RFID')).toBe(
      'https://emsp.example/ocpi/2.2.1/tokens/012345678/authorize?type=RFID',
    );
    expect(authorizeUrl('https://emsp.example/tokens', 'a b/c', 'APP_USER')).toBe(
      'https://emsp.example/tokens/a%20b%2Fc/authorize?type=APP_USER',
    );
  });
});

describe('readAuthorizationInfo', () => {
  it('reads allowed, the token, the reference and the info text', () => {
    expect(
      readAuthorizationInfo({
        allowed: 'ALLOWED',
        token: { uid: 'x' },
        authorization_reference: 'REF-1',
        info: { language: 'en', text: 'welcome' },
      }),
    ).toEqual({ allowed: 'ALLOWED', token: { uid: 'x' }, authorizationReference: 'REF-1', info: 'welcome' });
  });

  it('takes one wrapped in a one-element array (py_ocpi answers so)', () => {
    expect(readAuthorizationInfo([{ allowed: 'NOT_ALLOWED' }])).toEqual({ allowed: 'NOT_ALLOWED', token: undefined });
    expect(readAuthorizationInfo([{ allowed: 'ALLOWED' }, { allowed: 'ALLOWED' }])).toBeUndefined();
  });

  it('refuses data without a known allowed value', () => {
    expect(readAuthorizationInfo(undefined)).toBeUndefined();
    expect(readAuthorizationInfo([])).toBeUndefined();
    expect(readAuthorizationInfo({ allowed: 'MAYBE' })).toBeUndefined();
  });

  it('drops a reference longer than 36 characters (CiString(36))', () => {
    expect(readAuthorizationInfo({ allowed: 'BLOCKED', authorization_reference: 'r'.repeat(37) })).toEqual({
      allowed: 'BLOCKED',
      token: undefined,
    });
  });
});
