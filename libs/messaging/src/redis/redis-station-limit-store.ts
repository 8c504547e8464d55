import type Redis from 'ioredis';
import {
  LIMITED_ACTIONS,
  cleanLimits,
  positiveLimit,
  type LimitedAction,
  type StationLimitStore,
  type StationLimits,
} from '../ports/station-limits.port';
import { createRedis } from './redis-client';

const KEY_PREFIX = 'voltlane:limits:';
const ACTIONS = new Set<string>(LIMITED_ACTIONS);

/** The station-service writes each station's limits here (a hash `<action>.items` / `<action>.bytes`); command senders read them. */
export class RedisStationLimitStore implements StationLimitStore {
  private readonly redis: Redis;

  constructor(url: string, name: string) {
    this.redis = createRedis(url, `${name}:limits`);
  }

  async get(stationId: string): Promise<StationLimits | null> {
    const record = await this.redis.hgetall(KEY_PREFIX + stationId);
    const limits: StationLimits = {};
    for (const [field, value] of Object.entries(record)) {
      const [action, kind] = field.split('.');
      const limit = positiveLimit(value);
      if (!action || !ACTIONS.has(action) || (kind !== 'items' && kind !== 'bytes') || limit === undefined) continue;
      limits[action as LimitedAction] = { ...limits[action as LimitedAction], [kind]: limit };
    }
    return Object.keys(limits).length > 0 ? limits : null;
  }

  async put(stationId: string, limits: StationLimits): Promise<void> {
    const key = KEY_PREFIX + stationId;
    const fields: Record<string, string> = {};
    for (const [action, limit] of Object.entries(cleanLimits(limits))) {
      if (limit.items !== undefined) fields[`${action}.items`] = String(limit.items);
      if (limit.bytes !== undefined) fields[`${action}.bytes`] = String(limit.bytes);
    }
    const tx = this.redis.multi().del(key);
    if (Object.keys(fields).length > 0) tx.hset(key, fields);
    await tx.exec();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
