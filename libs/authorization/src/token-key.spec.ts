import type { AuthorizationToken } from './authorization-token';
import { idTagKey, selectIdTagMatch, tokenKey } from './token-key';

function aToken(overrides: Partial<AuthorizationToken> = {}): AuthorizationToken {
  return { idToken: 'abc123', type: 'ISO14443', status: 'Accepted', ...overrides };
}

describe('token keys', () => {
  it.each([
    ['abcdef01', 'ABCDEF01'],
    ['ABCDEF01', 'ABCDEF01'],
    ['AbCdEf01', 'ABCDEF01'],
    [' a b ', ' A B '],
  ])('1.6 idTag %j → key %j (case-insensitive, whitespace kept)', (idTag, key) => {
    expect(idTagKey(idTag)).toBe(key);
  });

  it.each([
    [{ idToken: 'deadbeef', type: 'ISO14443' }, 'ISO14443:DEADBEEF'],
    [{ idToken: 'DE*ABC*C12345*6', type: 'eMAID' }, 'eMAID:DE*ABC*C12345*6'],
    [{ idToken: 'a:b', type: 'Central' }, 'Central:A:B'],
    [{ idToken: '', type: 'NoAuthorization' }, 'NoAuthorization:'],
  ])('2.x idToken %j → key %j (type kept as is, value upper-cased)', (token, key) => {
    expect(tokenKey(token)).toBe(key);
  });
});

describe('selectIdTagMatch', () => {
  it('matches a 1.6 idTag case-insensitively', () => {
    const token = aToken({ idToken: 'AbC123' });
    expect(selectIdTagMatch('abc123', [token])).toBe(token);
    expect(selectIdTagMatch('ABC123', [token])).toBe(token);
    expect(selectIdTagMatch('ABC124', [token])).toBeNull();
  });

  it('prefers RFID types, then the others in a fixed order, when several types share the value', () => {
    const emaid = aToken({ type: 'eMAID' });
    const central = aToken({ type: 'Central' });
    const rfid = aToken({ type: 'ISO14443' });
    const custom = aToken({ type: 'VIN' });
    expect(selectIdTagMatch('ABC123', [emaid, custom, central, rfid])).toBe(rfid);
    expect(selectIdTagMatch('ABC123', [emaid, custom, central])).toBe(central);
    expect(selectIdTagMatch('ABC123', [custom, emaid])).toBe(emaid);
    expect(selectIdTagMatch('ABC123', [])).toBeNull();
  });
});
