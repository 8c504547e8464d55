import type Redis from 'ioredis';
import type { StationCredential, StationCredentialStore } from '../ports/station-credentials.port';
import { createRedis } from './redis-client';

const KEY_PREFIX = 'voltlane:cred:';

/** The station-service writes credentials here; gateways read them. Holds hashes only. */
export class RedisStationCredentialStore implements StationCredentialStore {
  private readonly redis: Redis;

  constructor(url: string, name: string) {
    this.redis = createRedis(url, `${name}:credentials`);
  }

  async get(stationId: string): Promise<StationCredential | null> {
    const record = await this.redis.hgetall(KEY_PREFIX + stationId);
    if (!record.securityProfile) return null;
    const profile = Number(record.securityProfile);
    if (profile !== 0 && profile !== 1 && profile !== 2 && profile !== 3) return null;
    return {
      stationId,
      securityProfile: profile,
      ...(record.passwordHash ? { passwordHash: record.passwordHash } : {}),
      ...(record.certificateSubject ? { certificateSubject: record.certificateSubject } : {}),
    };
  }

  async put(credential: StationCredential): Promise<void> {
    const key = KEY_PREFIX + credential.stationId;
    const fields: Record<string, string> = { securityProfile: String(credential.securityProfile) };
    if (credential.passwordHash) fields.passwordHash = credential.passwordHash;
    if (credential.certificateSubject) fields.certificateSubject = credential.certificateSubject;
    await this.redis.multi().del(key).hset(key, fields).exec();
  }

  async remove(stationId: string): Promise<void> {
    await this.redis.del(KEY_PREFIX + stationId);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
