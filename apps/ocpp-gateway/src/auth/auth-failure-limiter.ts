import type Redis from 'ioredis';
import { createRedis } from '@voltlane/messaging';

/** Where failed handshakes are counted: per claimed identity and per source address. */
export interface AuthFailureKeys {
  identity: string;
  address: string;
}

export interface AuthFailureLimits {
  windowMs: number;
  maxPerIdentity: number;
  maxPerAddress: number;
}

/** Blocked: how long until the window that blocks it ends. */
export type AuthLimitDecision = { blocked: false } | { blocked: true; scope: 'identity' | 'address'; retryAfterMs: number };

/**
 * Counts failed station handshakes in fixed windows. Shared by every gateway instance when
 * backed by Redis, so a guesser cannot spread attempts over instances.
 */
export interface AuthFailureCounter {
  /** Current counts and the milliseconds left in their windows. */
  read(keys: AuthFailureKeys): Promise<{ identity: number; address: number; identityTtlMs: number; addressTtlMs: number }>;
  /** Counts one failure; `identity: false` counts it for the address only (e.g. unknown identity). */
  record(keys: AuthFailureKeys, options: { identity: boolean }, windowMs: number): Promise<void>;
  close(): Promise<void>;
}

export class AuthFailureLimiter {
  constructor(
    private readonly counter: AuthFailureCounter,
    private readonly limits: AuthFailureLimits,
  ) {}

  async check(keys: AuthFailureKeys): Promise<AuthLimitDecision> {
    const counts = await this.counter.read(keys);
    if (counts.identity >= this.limits.maxPerIdentity) return { blocked: true, scope: 'identity', retryAfterMs: counts.identityTtlMs };
    if (counts.address >= this.limits.maxPerAddress) return { blocked: true, scope: 'address', retryAfterMs: counts.addressTtlMs };
    return { blocked: false };
  }

  record(keys: AuthFailureKeys, options: { identity: boolean }): Promise<void> {
    return this.counter.record(keys, options, this.limits.windowMs);
  }
}

const PREFIX = 'voltlane:auth-failures:';

export class RedisAuthFailureCounter implements AuthFailureCounter {
  private readonly redis: Redis;

  constructor(url: string, name: string) {
    this.redis = createRedis(url, `${name}:auth-failures`);
  }

  async read(keys: AuthFailureKeys): Promise<{ identity: number; address: number; identityTtlMs: number; addressTtlMs: number }> {
    const [identity, address] = [redisKey('id', keys.identity), redisKey('ip', keys.address)];
    const results = await this.redis.multi().get(identity).get(address).pttl(identity).pttl(address).exec();
    const value = (i: number): number => Number(results?.[i]?.[1] ?? 0) || 0;
    return { identity: value(0), address: value(1), identityTtlMs: Math.max(0, value(2)), addressTtlMs: Math.max(0, value(3)) };
  }

  async record(keys: AuthFailureKeys, options: { identity: boolean }, windowMs: number): Promise<void> {
    const multi = this.redis.multi();
    const targets = [redisKey('ip', keys.address), ...(options.identity ? [redisKey('id', keys.identity)] : [])];
    // The first failure opens the window; later ones do not extend it (fixed window).
    for (const key of targets) multi.incr(key).pexpire(key, windowMs, 'NX');
    await multi.exec();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/** One process (all-in-one, unit tests): the same fixed windows in memory. */
export class InMemoryAuthFailureCounter implements AuthFailureCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  async read(keys: AuthFailureKeys): Promise<{ identity: number; address: number; identityTtlMs: number; addressTtlMs: number }> {
    const identity = this.current(redisKey('id', keys.identity));
    const address = this.current(redisKey('ip', keys.address));
    const now = Date.now();
    return {
      identity: identity?.count ?? 0,
      address: address?.count ?? 0,
      identityTtlMs: identity ? identity.endsAt - now : 0,
      addressTtlMs: address ? address.endsAt - now : 0,
    };
  }

  async record(keys: AuthFailureKeys, options: { identity: boolean }, windowMs: number): Promise<void> {
    const targets = [redisKey('ip', keys.address), ...(options.identity ? [redisKey('id', keys.identity)] : [])];
    for (const key of targets) {
      const window = this.current(key) ?? { count: 0, endsAt: Date.now() + windowMs };
      window.count++;
      this.windows.set(key, window);
    }
    if (this.windows.size > 100_000) this.sweep();
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private current(key: string): { count: number; endsAt: number } | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= Date.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

function redisKey(kind: 'id' | 'ip', value: string): string {
  return `${PREFIX}${kind}:${value}`;
}
