// The Redis server of deploy/local/infra.sh, driven with ioredis 5 the way the gateway registry and
// reply channels will use it: keys with TTLs, pub/sub, and an owner-only delete in Lua.
import Redis from 'ioredis';
import { infraEnv, uniqueName, waitFor } from './infra-env';

// Deletes KEYS[1] only while it still holds ARGV[1]: a connection's owner removes its registry
// entry, a newer owner's entry survives.
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

describe('Redis (ioredis 5 against the local server)', () => {
  const { redisUrl } = infraEnv();
  const prefix = uniqueName('testing_redis');
  const key = (name: string) => `${prefix}:${name}`;
  let redis: Redis;
  let subscriber: Redis | undefined;

  beforeAll(() => {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  });

  afterAll(async () => {
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    await subscriber?.quit();
  });

  it('answers PING', async () => {
    expect(await redis.ping()).toBe('PONG');
  });

  it('stores a value with a TTL and forgets it when the TTL runs out', async () => {
    // Read back under a TTL long enough to outlast a stalled event loop...
    expect(await redis.set(key('ttl'), 'gateway-1', 'PX', 5_000)).toBe('OK');
    expect(await redis.get(key('ttl'))).toBe('gateway-1');
    const ttl = await redis.pttl(key('ttl'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);

    // ...and expiry on a key of its own with a short one.
    expect(await redis.set(key('short-ttl'), 'gateway-2', 'PX', 300)).toBe('OK');
    await waitFor(async () => (await redis.get(key('short-ttl'))) === null, { timeoutMs: 5_000, message: 'key expiry' });
    expect(await redis.exists(key('short-ttl'))).toBe(0);
  });

  it('keeps a key without TTL, and SET NX refuses to overwrite it', async () => {
    expect(await redis.set(key('nx'), 'first', 'NX')).toBe('OK');
    expect(await redis.set(key('nx'), 'second', 'NX')).toBeNull();
    expect(await redis.get(key('nx'))).toBe('first');
    expect(await redis.pttl(key('nx'))).toBe(-1);
  });

  it('round-trips a message over pub/sub', async () => {
    subscriber = redis.duplicate();
    const channel = key('replies');
    const got: Array<{ channel: string; message: string }> = [];
    subscriber.on('message', (ch: string, message: string) => got.push({ channel: ch, message }));
    expect(await subscriber.subscribe(channel)).toBe(1);

    const payload = JSON.stringify([3, 'msg-1', { status: 'Accepted' }]);
    expect(await redis.publish(channel, payload)).toBe(1); // one subscriber heard it
    await waitFor(() => got.length === 1, { timeoutMs: 5_000, message: 'pub/sub delivery' });
    expect(got).toEqual([{ channel, message: payload }]);

    await subscriber.unsubscribe(channel);
    expect(await redis.publish(channel, 'nobody listens')).toBe(0);
  });

  it('compare-and-deletes in Lua: only the current owner removes the key', async () => {
    const owner = key('station:CP-1');
    await redis.set(owner, 'gateway-b/conn-2', 'EX', 60);

    expect(await redis.eval(COMPARE_AND_DELETE, 1, owner, 'gateway-a/conn-1')).toBe(0);
    expect(await redis.get(owner)).toBe('gateway-b/conn-2');

    expect(await redis.eval(COMPARE_AND_DELETE, 1, owner, 'gateway-b/conn-2')).toBe(1);
    expect(await redis.exists(owner)).toBe(0);

    expect(await redis.eval(COMPARE_AND_DELETE, 1, owner, 'gateway-b/conn-2')).toBe(0);
  });
});
