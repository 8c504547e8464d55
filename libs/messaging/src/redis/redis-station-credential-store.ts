import type Redis from 'ioredis';
import type { StationCredential, StationCredentialStore, StationSecret } from '../ports/station-credentials.port';
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
    const profile = asProfile(Number(record.securityProfile));
    if (profile === undefined) return null;
    const pending = parsePending(record.pending);
    return {
      stationId,
      securityProfile: profile,
      ...(record.passwordHash ? { passwordHash: record.passwordHash } : {}),
      ...(record.certificateSubject ? { certificateSubject: record.certificateSubject } : {}),
      ...(pending ? { pending } : {}),
    };
  }

  async put(credential: StationCredential): Promise<void> {
    const key = KEY_PREFIX + credential.stationId;
    const fields: Record<string, string> = { securityProfile: String(credential.securityProfile) };
    if (credential.passwordHash) fields.passwordHash = credential.passwordHash;
    if (credential.certificateSubject) fields.certificateSubject = credential.certificateSubject;
    if (credential.pending) fields.pending = JSON.stringify(credential.pending);
    await this.redis.multi().del(key).hset(key, fields).exec();
  }

  async remove(stationId: string): Promise<void> {
    await this.redis.del(KEY_PREFIX + stationId);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

function asProfile(value: number): StationSecret['securityProfile'] | undefined {
  return value === 0 || value === 1 || value === 2 || value === 3 ? value : undefined;
}

/** The pending credential's JSON field; anything unreadable counts as none (the current one still works). */
function parsePending(text: string | undefined): StationSecret | undefined {
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const profile = asProfile(Number(raw.securityProfile));
    if (profile === undefined) return undefined;
    return {
      securityProfile: profile,
      ...(typeof raw.passwordHash === 'string' ? { passwordHash: raw.passwordHash } : {}),
      ...(typeof raw.certificateSubject === 'string' ? { certificateSubject: raw.certificateSubject } : {}),
    };
  } catch {
    return undefined;
  }
}
