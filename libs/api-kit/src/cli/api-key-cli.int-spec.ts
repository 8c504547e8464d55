import { infraEnv, uniqueName } from '@voltlane/testing';
import { ApiKeyStore } from '../keys/api-key-store';
import { runApiKeyCli } from './api-key-cli';

describe('npm run apikey (real PostgreSQL)', () => {
  const schema = uniqueName('iam');
  const env = { DATABASE_URL: infraEnv().databaseUrl, API_KEYS_DB_SCHEMA: schema };
  let store: ApiKeyStore;

  async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runApiKeyCli(
      argv,
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  }

  beforeAll(async () => {
    store = await ApiKeyStore.open(env.DATABASE_URL, schema);
  });
  afterAll(() => store?.close());

  it('creates a key that the operator API accepts with its scope, lists it and revokes it', async () => {
    const created = await run('create', '--name', 'ops', '--scope', 'write');
    expect(created).toMatchObject({ code: 0, err: [] });
    const key = created.out[1];
    expect(key).toMatch(/^vl_[a-f0-9]{12}_/);
    const verified = await store.verify(key);
    expect(verified).toMatchObject({ scope: 'write' });

    const listed = await run('list');
    expect(listed.code).toBe(0);
    expect(listed.out.join('\n')).toContain(`${verified?.id}  write  active`);
    expect(listed.out.join('\n')).not.toContain(key);

    expect(await run('revoke', '--id', verified?.id ?? '')).toMatchObject({ code: 0, out: [`Revoked API key ${verified?.id}.`] });
    expect(
      await ApiKeyStore.open(env.DATABASE_URL, schema).then(async (fresh) => await fresh.verify(key).finally(() => fresh.close())),
    ).toBeNull();
    expect(await run('revoke', '--id', verified?.id ?? '')).toMatchObject({
      code: 1,
      err: [`apikey: no active API key with id "${verified?.id}"`],
    });
  });

  it('refuses bad arguments and configuration with exit code 2 and a message saying what is wrong', async () => {
    const bad = await run('create', '--name', 'ops', '--scope', 'root');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('apikey: --scope must be one of read, write, admin (got "root")');
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runApiKeyCli(
        ['list'],
        { DATABASE_URL: 'mysql://x' },
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(2);
    expect(err[0]).toContain('DATABASE_URL must use postgres or postgresql://');
  });
});
