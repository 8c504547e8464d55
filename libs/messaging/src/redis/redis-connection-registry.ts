import type Redis from 'ioredis';
import { isOcppVersion } from '@voltlane/ocpp';
import type { ConnectionRegistry, RegistryEntry } from '../ports/connection-registry.port';
import { createRedis } from './redis-client';

const KEY_PREFIX = 'voltlane:conn:';

// Replace the entry atomically and return the one it replaced.
const CLAIM = `
local old = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'gatewayInstance', ARGV[1], 'connectionId', ARGV[2], 'protocol', ARGV[3], 'connectedAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return old`;

// Only the owner may extend or remove its entry.
const REFRESH = `
if redis.call('HGET', KEYS[1], 'connectionId') == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const RELEASE = `
if redis.call('HGET', KEYS[1], 'connectionId') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Station → gateway-instance registry in Redis, with TTLs and compare-and-delete. */
export class RedisConnectionRegistry implements ConnectionRegistry {
  private readonly redis: Redis;

  constructor(url: string, name: string) {
    this.redis = createRedis(url, `${name}:registry`);
  }

  async claim(stationId: string, entry: RegistryEntry, ttlMs: number): Promise<RegistryEntry | null> {
    const old = (await this.redis.eval(
      CLAIM,
      1,
      KEY_PREFIX + stationId,
      entry.gatewayInstance,
      entry.connectionId,
      entry.protocol,
      entry.connectedAt,
      String(ttlMs),
    )) as string[];
    return fromPairs(old);
  }

  async refresh(stationId: string, connectionId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(REFRESH, 1, KEY_PREFIX + stationId, connectionId, String(ttlMs))) === 1;
  }

  async release(stationId: string, connectionId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, KEY_PREFIX + stationId, connectionId)) === 1;
  }

  async lookup(stationId: string): Promise<RegistryEntry | null> {
    return toEntry(await this.redis.hgetall(KEY_PREFIX + stationId));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

function fromPairs(pairs: string[] | null): RegistryEntry | null {
  if (!pairs || pairs.length === 0) return null;
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) record[pairs[i]] = pairs[i + 1];
  return toEntry(record);
}

function toEntry(record: Record<string, string>): RegistryEntry | null {
  const { gatewayInstance, connectionId, protocol, connectedAt } = record;
  if (!gatewayInstance || !connectionId || !protocol || !isOcppVersion(protocol)) return null;
  return { gatewayInstance, connectionId, protocol, connectedAt: connectedAt ?? '' };
}
