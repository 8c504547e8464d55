import type Redis from 'ioredis';
import type { BootStatus, BootStatusStore } from '../ports/boot-status.port';
import { createRedis } from './redis-client';

const KEY_PREFIX = 'voltlane:boot:';
const STATUSES = new Set<string>(['Accepted', 'Pending', 'Rejected']);

export class RedisBootStatusStore implements BootStatusStore {
  private readonly redis: Redis;

  constructor(url: string, name: string) {
    this.redis = createRedis(url, `${name}:boot`);
  }

  async get(stationId: string): Promise<BootStatus | null> {
    const value = await this.redis.get(KEY_PREFIX + stationId);
    return value !== null && STATUSES.has(value) ? (value as BootStatus) : null;
  }

  async set(stationId: string, status: BootStatus): Promise<void> {
    await this.redis.set(KEY_PREFIX + stationId, status);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
