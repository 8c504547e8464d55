import { createHash, randomBytes } from 'node:crypto';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import { hashSecret, verifySecret } from '@voltlane/security';
import { openServiceDatabase } from '@voltlane/service-kit';
import { API_KEY_SCOPES, ApiKeyEntity, type ApiKeyScope } from './api-key.entity';
import { CreateApiKeys1764000000000 } from './1764000000000-create-api-keys';

export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const KEY_PATTERN = /^vl_([a-f0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

/** Whether a key of `granted` scope may do what needs `required` (read < write < admin). */
export function scopeAllows(granted: ApiKeyScope, required: ApiKeyScope): boolean {
  return API_KEY_SCOPES.indexOf(granted) >= API_KEY_SCOPES.indexOf(required);
}

/**
 * Operator API keys, shared by every service's API (schema `iam`). Keys look like
 * `vl_<id>_<secret>`; only a scrypt hash is stored. A verified key is remembered for a short
 * time by a SHA-256 of it, so requests do not each pay for scrypt; revocation clears that.
 */
export class ApiKeyStore {
  private readonly verified = new Map<string, { id: string; scope: ApiKeyScope; until: number }>();

  private constructor(readonly dataSource: DataSource, private readonly repository: Repository<ApiKeyEntity>, private readonly cacheMs: number) {}

  static async open(databaseUrl: string, schema = 'iam', cacheMs = 60_000): Promise<ApiKeyStore> {
    const dataSource = await openServiceDatabase({ url: databaseUrl, schema, entities: [ApiKeyEntity], migrations: [CreateApiKeys1764000000000], poolSize: 3 });
    return new ApiKeyStore(dataSource, dataSource.getRepository(ApiKeyEntity), cacheMs);
  }

  /** Creates a key; the returned secret is never stored and cannot be shown again. */
  async create(name: string, scope: ApiKeyScope): Promise<{ key: string; view: ApiKeyView }> {
    const id = randomBytes(6).toString('hex');
    const key = `vl_${id}_${randomBytes(24).toString('base64url')}`;
    const entity = this.repository.create({ id, name, scope, keyHash: await hashSecret(key), revokedAt: null, lastUsedAt: null });
    await this.repository.insert(entity);
    return { key, view: toView((await this.repository.findOneByOrFail({ id }))) };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.repository.find({ order: { createdAt: 'ASC' } })).map(toView);
  }

  async count(): Promise<number> {
    return this.repository.count({ where: { revokedAt: IsNull() } });
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.repository.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    for (const [cacheKey, entry] of this.verified) if (entry.id === id) this.verified.delete(cacheKey);
    return (result.affected ?? 0) > 0;
  }

  /** The key's id and scope, or null for a malformed, unknown, revoked or wrong key. */
  async verify(key: string): Promise<{ id: string; scope: ApiKeyScope } | null> {
    const match = KEY_PATTERN.exec(key);
    if (!match) return null;
    const cacheKey = createHash('sha256').update(key).digest('base64');
    const cached = this.verified.get(cacheKey);
    if (cached && cached.until > Date.now()) return { id: cached.id, scope: cached.scope };
    const entity = await this.repository.findOneBy({ id: match[1] });
    if (!entity || entity.revokedAt || !(await verifySecret(key, entity.keyHash))) return null;
    this.verified.set(cacheKey, { id: entity.id, scope: entity.scope, until: Date.now() + this.cacheMs });
    void this.repository.update({ id: entity.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    return { id: entity.id, scope: entity.scope };
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
  }
}

function toView(entity: ApiKeyEntity): ApiKeyView {
  return {
    id: entity.id,
    name: entity.name,
    scope: entity.scope,
    createdAt: entity.createdAt.toISOString(),
    revokedAt: entity.revokedAt?.toISOString() ?? null,
    lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
  };
}
