import { AuthFailureLimiter, InMemoryAuthFailureCounter } from './auth-failure-limiter';

describe('AuthFailureLimiter (in memory)', () => {
  const keys = { identity: 'CS-1', address: '10.0.0.1' };

  afterEach(() => jest.useRealTimers());

  it('blocks an identity after its maximum of failures, for the rest of the window', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const limiter = new AuthFailureLimiter(new InMemoryAuthFailureCounter(), { windowMs: 60_000, maxPerIdentity: 2, maxPerAddress: 10 });
    await limiter.record(keys, { identity: true });
    expect(await limiter.check(keys)).toEqual({ blocked: false });
    jest.advanceTimersByTime(10_000);
    await limiter.record(keys, { identity: true });
    expect(await limiter.check(keys)).toEqual({ blocked: true, scope: 'identity', retryAfterMs: 50_000 });
    // Another identity from the same address is not blocked.
    expect(await limiter.check({ identity: 'CS-2', address: keys.address })).toEqual({ blocked: false });
    jest.advanceTimersByTime(50_000);
    expect(await limiter.check(keys)).toEqual({ blocked: false });
  });

  it('counts failures for unknown identities against the address only', async () => {
    const limiter = new AuthFailureLimiter(new InMemoryAuthFailureCounter(), { windowMs: 60_000, maxPerIdentity: 1, maxPerAddress: 3 });
    for (let i = 0; i < 3; i++) await limiter.record({ identity: `unknown-${i}`, address: keys.address }, { identity: false });
    expect(await limiter.check({ identity: 'unknown-0', address: '10.0.0.2' })).toEqual({ blocked: false });
    expect(await limiter.check(keys)).toMatchObject({ blocked: true, scope: 'address' });
  });
});
