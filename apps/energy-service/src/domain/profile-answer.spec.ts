import { profileOutcome } from './profile-answer';

describe('profileOutcome', () => {
  it.each([
    [{ outcome: 'result' as const, payload: { status: 'Accepted' } }, 'Accepted'],
    [{ outcome: 'result' as const, payload: { status: 'Rejected' } }, 'Rejected'],
    [{ outcome: 'result' as const, payload: { status: 'NotSupported' } }, 'Rejected'],
    [{ outcome: 'error' as const, error: { code: 'NotImplemented', description: '', details: {} } }, 'Rejected'],
    [{ outcome: 'error' as const, error: { code: 'NotSupported', description: '', details: {} } }, 'Rejected'],
    [{ outcome: 'error' as const, error: { code: 'InternalError', description: 'busy', details: {} } }, 'Failed'],
    [{ outcome: 'timeout' as const, reason: 'no answer' }, 'Failed'],
    [{ outcome: 'offline' as const }, 'Failed'],
  ])('%j → %s', (result, status) => {
    expect(profileOutcome(result).status).toBe(status);
  });

  it('says why', () => {
    expect(profileOutcome({ outcome: 'error', error: { code: 'NotImplemented', description: 'no smart charging', details: {} } })).toEqual({
      status: 'Rejected',
      reason: 'SetChargingProfile answered CALLERROR NotImplemented',
    });
  });
});
