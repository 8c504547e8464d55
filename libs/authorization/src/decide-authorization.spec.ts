import type { AuthorizationToken } from './authorization-token';
import { decideAuthorization, isExpired } from './decide-authorization';

const NOW = new Date('2025-06-01T12:00:00.000Z');

function aToken(overrides: Partial<AuthorizationToken> = {}): AuthorizationToken {
  return { idToken: 'RFID-0001', type: 'ISO14443', status: 'Accepted', ...overrides };
}

describe('decideAuthorization', () => {
  it.each<[string, AuthorizationToken | null, number, string]>([
    ['unknown token', null, 0, 'Unknown'],
    ['accepted token', aToken(), 0, 'Accepted'],
    ['blocked token', aToken({ status: 'Blocked' }), 0, 'Blocked'],
    ['token marked expired', aToken({ status: 'Expired' }), 0, 'Expired'],
    ['invalid token', aToken({ status: 'Invalid' }), 0, 'Invalid'],
    ['accepted, expiry in the future', aToken({ expiryDate: '2025-06-01T12:00:01.000Z' }), 0, 'Accepted'],
    ['accepted, expiry exactly now (still valid)', aToken({ expiryDate: NOW.toISOString() }), 0, 'Accepted'],
    ['accepted, expiry 1 ms ago', aToken({ expiryDate: '2025-06-01T11:59:59.999Z' }), 0, 'Expired'],
    ['blocked and past expiry (blocked wins)', aToken({ status: 'Blocked', expiryDate: '2020-01-01T00:00:00Z' }), 0, 'Blocked'],
    ['no limit, many sessions', aToken({ maxActiveSessions: null }), 10, 'Accepted'],
    ['limit 1, no session', aToken({ maxActiveSessions: 1 }), 0, 'Accepted'],
    ['limit 1, one session', aToken({ maxActiveSessions: 1 }), 1, 'ConcurrentTx'],
    ['limit 2, one session', aToken({ maxActiveSessions: 2 }), 1, 'Accepted'],
    ['limit 0 (never)', aToken({ maxActiveSessions: 0 }), 0, 'ConcurrentTx'],
    ['expired and at limit (expired wins)', aToken({ maxActiveSessions: 1, expiryDate: '2020-01-01T00:00:00Z' }), 1, 'Expired'],
    ['blocked and at limit (blocked wins)', aToken({ status: 'Blocked', maxActiveSessions: 1 }), 1, 'Blocked'],
  ])('%s → %s', (_name, token, activeSessions, status) => {
    expect(decideAuthorization(token, { now: NOW, activeSessions }).status).toBe(status);
  });

  it('reports expiry (normalized to ISO 8601 UTC) and group of a known token', () => {
    const token = aToken({ expiryDate: '2026-01-01T01:00:00+01:00', groupIdToken: { idToken: 'FLEET-7', type: 'Central' } });
    expect(decideAuthorization(token, { now: NOW, activeSessions: 0 })).toEqual({
      status: 'Accepted',
      expiryDate: '2026-01-01T00:00:00.000Z',
      groupIdToken: { idToken: 'FLEET-7', type: 'Central' },
    });
  });

  it('keeps expiry and group on a refusal, and nothing for an unknown token', () => {
    const token = aToken({ status: 'Blocked', expiryDate: '2026-01-01T00:00:00Z', groupIdToken: { idToken: 'G', type: 'Local' } });
    expect(decideAuthorization(token, { now: NOW, activeSessions: 0 })).toEqual({
      status: 'Blocked',
      expiryDate: '2026-01-01T00:00:00.000Z',
      groupIdToken: { idToken: 'G', type: 'Local' },
    });
    expect(decideAuthorization(null, { now: NOW, activeSessions: 0 })).toEqual({ status: 'Unknown' });
  });
});

describe('isExpired', () => {
  it.each<[string | null | undefined, boolean]>([
    [undefined, false],
    [null, false],
    ['2025-06-01T12:00:00.000Z', false],
    ['2025-06-01T11:59:59.999Z', true],
    ['not a date', false],
  ])('expiry %s → %s', (expiryDate, expired) => {
    expect(isExpired({ expiryDate }, NOW)).toBe(expired);
  });
});
