import type { AuthorizationDecision, AuthorizationStatus } from './authorization-token';
import { toIdTagInfo, toIdTokenInfo201, toIdTokenInfo21 } from './ocpp-mappers';

function aDecision(overrides: Partial<AuthorizationDecision> = {}): AuthorizationDecision {
  return { status: 'Accepted', ...overrides };
}

describe('toIdTagInfo (1.6)', () => {
  it.each<[AuthorizationStatus, string]>([
    ['Accepted', 'Accepted'],
    ['Blocked', 'Blocked'],
    ['Expired', 'Expired'],
    ['Invalid', 'Invalid'],
    ['ConcurrentTx', 'ConcurrentTx'],
    ['Unknown', 'Invalid'],
  ])('status %s → %s', (status, expected) => {
    expect(toIdTagInfo(aDecision({ status }))).toEqual({ status: expected });
  });

  it('maps expiry to expiryDate and the group value to parentIdTag', () => {
    const decision = aDecision({ expiryDate: '2026-01-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET-7', type: 'Central' } });
    expect(toIdTagInfo(decision)).toEqual({ status: 'Accepted', expiryDate: '2026-01-01T00:00:00.000Z', parentIdTag: 'FLEET-7' });
  });

  it('leaves out a group value longer than CiString20', () => {
    const decision = aDecision({ groupIdToken: { idToken: 'X'.repeat(21), type: 'Central' } });
    expect(toIdTagInfo(decision)).toEqual({ status: 'Accepted' });
  });
});

describe('toIdTokenInfo201 / toIdTokenInfo21 (2.x)', () => {
  it.each<AuthorizationStatus>(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx', 'Unknown'])('keeps status %s', (status) => {
    expect(toIdTokenInfo201(aDecision({ status }))).toEqual({ status });
    expect(toIdTokenInfo21(aDecision({ status }))).toEqual({ status });
  });

  it('maps expiry to cacheExpiryDateTime and the group to groupIdToken', () => {
    const decision = aDecision({ expiryDate: '2026-01-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET-7', type: 'Central' } });
    const expected = {
      status: 'Accepted',
      cacheExpiryDateTime: '2026-01-01T00:00:00.000Z',
      groupIdToken: { idToken: 'FLEET-7', type: 'Central' },
    };
    expect(toIdTokenInfo201(decision)).toEqual(expected);
    expect(toIdTokenInfo21(decision)).toEqual(expected);
  });

  it('drops a group whose type 2.0.1 does not know, but keeps it for 2.1', () => {
    const decision = aDecision({ groupIdToken: { idToken: 'WVW123', type: 'VIN' } });
    expect(toIdTokenInfo201(decision)).toEqual({ status: 'Accepted' });
    expect(toIdTokenInfo21(decision)).toEqual({ status: 'Accepted', groupIdToken: { idToken: 'WVW123', type: 'VIN' } });
  });
});
