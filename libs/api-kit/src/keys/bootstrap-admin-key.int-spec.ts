import { Registry } from 'prom-client';
import { ConfigError } from '@voltlane/config';
import { createLogger } from '@voltlane/telemetry';
import { infraEnv, uniqueName } from '@voltlane/testing';
import { startServiceHttpApi } from '../http/service-http-api';
import { generateApiKey } from './api-key-store';
import { BOOTSTRAP_ADMIN_KEY_VARIABLE } from './bootstrap-admin-key';

describe('API_BOOTSTRAP_ADMIN_KEY: the first admin key of a deployment (real PostgreSQL)', () => {
  const { databaseUrl } = infraEnv();
  /** Everything the APIs logged, as JSON lines. */
  const logged: string[] = [];
  const logger = createLogger('spec', 'info', { write: (line: string) => void logged.push(line) });

  /** One process's operator API, as startServiceHttpApi starts it in every service. */
  const start = (schema: string, bootstrapKey: string) =>
    startServiceHttpApi({
      app: 'spec',
      modules: [],
      env: { API_PORT: '0', API_HOST: '127.0.0.1', API_KEYS_DB_SCHEMA: schema, [BOOTSTRAP_ADMIN_KEY_VARIABLE]: bootstrapKey },
      databaseUrl,
      logger,
      registry: new Registry(),
      readiness: [],
      serveApiKeys: true,
    });

  const listKeys = async (url: string, key: string) => {
    const response = await fetch(`${url}/api/v1/api-keys`, { headers: { 'x-api-key': key } });
    return {
      status: response.status,
      body:
        response.status === 200
          ? ((await response.json()) as { id: string; name: string; scope: string; createdAt: string; revokedAt: string | null }[])
          : [],
    };
  };

  it('makes the key an admin key on the first start, and a second start changes nothing', async () => {
    const schema = uniqueName('iam');
    const { id, key } = generateApiKey();
    const first = await start(schema, key);
    let listed: Awaited<ReturnType<typeof listKeys>>;
    try {
      expect(await first.keys.verify(key)).toEqual({ id, scope: 'admin' });
      listed = await listKeys(first.url, key);
      expect(listed.status).toBe(200); // an admin-only endpoint
      expect(listed.body).toEqual([expect.objectContaining({ id, name: 'bootstrap admin', scope: 'admin', revokedAt: null })]);
      const created = await fetch(`${first.url}/api/v1/api-keys`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ops', scope: 'write' }),
      });
      expect(created.status).toBe(201);
    } finally {
      await first.close();
    }
    expect(logged.filter((l) => l.includes(id) && l.includes('created the admin API key'))).toHaveLength(1);

    const second = await start(schema, key);
    try {
      const again = await listKeys(second.url, key);
      expect(again.status).toBe(200);
      const { id: sameId, createdAt, revokedAt } = listed.body[0];
      expect(again.body.filter((k) => k.name === 'bootstrap admin')).toEqual([
        expect.objectContaining({ id: sameId, createdAt, revokedAt, scope: 'admin' }),
      ]);
      expect(again.body.map((k) => k.name)).toEqual(['bootstrap admin', 'ops']);
    } finally {
      await second.close();
    }
    expect(logged.filter((l) => l.includes(id) && l.includes('created the admin API key'))).toHaveLength(1);
  });

  it('stores the key once when several processes start at the same time, and none fails', async () => {
    const schema = uniqueName('iam');
    const { id, key } = generateApiKey();
    const apis = await Promise.all([start(schema, key), start(schema, key), start(schema, key)]);
    try {
      for (const api of apis) expect(await api.keys.verify(key)).toEqual({ id, scope: 'admin' });
      const listed = await listKeys(apis[0].url, key);
      expect(listed.body).toEqual([expect.objectContaining({ id, name: 'bootstrap admin', scope: 'admin' })]);
    } finally {
      await Promise.all(apis.map((api) => api.close()));
    }
    expect(logged.filter((l) => l.includes(id) && l.includes('created the admin API key'))).toHaveLength(1);
  });

  it('leaves a revoked bootstrap key revoked on later starts, with a warning', async () => {
    const schema = uniqueName('iam');
    const { id, key } = generateApiKey();
    const first = await start(schema, key);
    let own: string;
    try {
      own = (await first.keys.create('own admin', 'admin')).key;
      const revoked = await fetch(`${first.url}/api/v1/api-keys/${id}`, { method: 'DELETE', headers: { 'x-api-key': own } });
      expect(revoked.status).toBe(204);
    } finally {
      await first.close();
    }
    const second = await start(schema, key);
    try {
      expect(await second.keys.verify(key)).toBeNull();
      expect((await listKeys(second.url, key)).status).toBe(401);
      const listed = await listKeys(second.url, own);
      expect(listed.body.find((k) => k.id === id)).toMatchObject({ name: 'bootstrap admin', revokedAt: expect.any(String) });
    } finally {
      await second.close();
    }
    const warning = logged.find((l) => l.includes(id) && l.includes('was revoked'));
    expect(warning && JSON.parse(warning)).toMatchObject({
      level: 40,
      apiKeyId: id,
      msg: expect.stringContaining(`${BOOTSTRAP_ADMIN_KEY_VARIABLE} was revoked; it stays revoked`),
    });
  });

  it('leaves a key that has the same id but another secret alone, and the bootstrap key does not authenticate', async () => {
    const schema = uniqueName('iam');
    const { id, key } = generateApiKey();
    const impostor = `vl_${id}_${'x'.repeat(32)}`;
    const first = await start(schema, key);
    try {
      expect(await first.keys.ensure(impostor, 'bootstrap admin', 'admin')).toMatchObject({ outcome: 'different', view: { id } });
      expect(await first.keys.ensure(key, 'bootstrap admin', 'admin')).toMatchObject({ outcome: 'present', view: { id } });
      expect(await first.keys.verify(impostor)).toBeNull();
    } finally {
      await first.close();
    }
  });

  it.each([
    ['no vl_ prefix', `xx_0123456789ab_${'a'.repeat(32)}`],
    ['an id that is not 12 hex digits', `vl_0123456789AB_${'a'.repeat(32)}`],
    ['a secret shorter than 32 characters', `vl_0123456789ab_${'a'.repeat(31)}`],
    ['a character outside base64url in the secret', `vl_0123456789ab_${'a'.repeat(31)}+`],
    ['a made-up word', 'changeme'],
  ])('refuses to start with %s, naming the variable and not the value', async (_case, value) => {
    const schema = uniqueName('iam');
    const failure = await start(schema, value).then(
      async (api) => {
        await api.close();
        return null;
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure).toMatchObject({
      variable: BOOTSTRAP_ADMIN_KEY_VARIABLE,
      message: expect.stringMatching(/^Invalid configuration: API_BOOTSTRAP_ADMIN_KEY must be an API key vl_<12 hex digits>_/),
    });
    expect((failure as Error).message).not.toContain(value);
  });
});
