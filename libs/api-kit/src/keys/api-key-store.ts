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

/** The form of a key, for messages: `vl_<id>_<secret>`. */
export const API_KEY_FORM = 'vl_<12 hex digits>_<32 to 64 characters of A-Z a-z 0-9 _ ->';

/** A new random key, `vl_<id>_<secret>`; nothing is stored. */
export function generateApiKey(): { id: string; key: string } {
  const id = randomBytes(6).toString('hex');
  return { id, key: `vl_${id}_${randomBytes(24).toString('base64url')}` };
}

/** The id part of a well-formed key, or null when `key` does not have the form of API_KEY_FORM. */
export function apiKeyId(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** The secret part of a key of the right form (it may itself contain `_`), else null. */
export function apiKeySecret(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[2] ?? null;
}

/**
 * What `ApiKeyStore.ensure` found: it stored the key (`created`), the key was there already
 * (`present`), or a row with the key's id exists but is revoked (`revoked`) or holds another
 * key (`different`); the last two are left as they are, so the key does not authenticate.
 */
export type EnsuredApiKey = 'created' | 'present' | 'revoked' | 'different';

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

  private constructor(
    readonly dataSource: DataSource,
    private readonly repository: Repository<ApiKeyEntity>,
    private readonly cacheMs: number,
  ) {}

  static async open(databaseUrl: string, schema = 'iam', cacheMs = 60_000): Promise<ApiKeyStore> {
    const dataSource = await openServiceDatabase({
      url: databaseUrl,
      schema,
      entities: [ApiKeyEntity],
      migrations: [CreateApiKeys1764000000000],
      poolSize: 3,
    });
    return new ApiKeyStore(dataSource, dataSource.getRepository(ApiKeyEntity), cacheMs);
  }

  /** Creates a key; the returned secret is never stored and cannot be shown again. */
  async create(name: string, scope: ApiKeyScope): Promise<{ key: string; view: ApiKeyView }> {
    const { id, key } = generateApiKey();
    const entity = this.repository.create({ id, name, scope, keyHash: await hashSecret(key), revokedAt: null, lastUsedAt: null });
    await this.repository.insert(entity);
    return { key, view: toView(await this.repository.findOneByOrFail({ id })) };
  }

  /**
   * Makes sure a key chosen outside (e.g. a deployment's first admin key) exists. Its row id is
   * the key's own id and the insert does nothing on conflict, so processes that start together
   * with one key store it once and none fails. An existing row is never changed: a revoked key
   * stays revoked. Throws when `key` is not well-formed.
   */
  async ensure(key: string, name: string, scope: ApiKeyScope): Promise<{ outcome: EnsuredApiKey; view: ApiKeyView }> {
    const id = apiKeyId(key);
    if (!id) throw new Error(`an API key must look like ${API_KEY_FORM}`);
    const inserted = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ id, name, scope, keyHash: await hashSecret(key), revokedAt: null, lastUsedAt: null })
      .orIgnore()
      .returning('id')
      .execute();
    const entity = await this.repository.findOneByOrFail({ id });
    let outcome: EnsuredApiKey;
    if ((inserted.raw as unknown[]).length > 0) outcome = 'created';
    else if (entity.revokedAt) outcome = 'revoked';
    else outcome = (await verifySecret(key, entity.keyHash)) ? 'present' : 'different';
    return { outcome, view: toView(entity) };
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
    const id = apiKeyId(key);
    if (!id) return null;
    const cacheKey = createHash('sha256').update(key).digest('base64');
    const cached = this.verified.get(cacheKey);
    if (cached && cached.until > Date.now()) return { id: cached.id, scope: cached.scope };
    const entity = await this.repository.findOneBy({ id });
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
