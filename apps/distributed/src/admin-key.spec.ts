import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@voltlane/config';
import { ADMIN_KEY_FILE, resolveAdminKey } from './admin-key';

describe('the admin API key of start:distributed', () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), 'distributed-key-')), 'state');

  it('is made on the first start into <state>/admin-api-key (0600), and read from there afterwards', () => {
    const stateDir = dir();
    const made = resolveAdminKey({}, stateDir);
    expect(made).toMatchObject({ source: 'created', file: join(stateDir, ADMIN_KEY_FILE) });
    expect(made.key).toMatch(/^vl_[0-9a-f]{12}_[A-Za-z0-9_-]{32,64}$/);
    expect(readFileSync(made.file as string, 'utf8')).toBe(`${made.key}\n`);
    expect(statSync(made.file as string).mode & 0o777).toBe(0o600);
    expect(resolveAdminKey({}, stateDir)).toEqual({ ...made, source: 'file' });
  });

  it('API_BOOTSTRAP_ADMIN_KEY wins, and a malformed one is a ConfigError that does not show it', () => {
    const key = 'vl_0123456789ab_abcdefghijklmnopqrstuvwxyz0123456789AB';
    expect(resolveAdminKey({ API_BOOTSTRAP_ADMIN_KEY: key }, dir())).toEqual({ key, source: 'env' });
    expect(() => resolveAdminKey({ API_BOOTSTRAP_ADMIN_KEY: 'secret-value' }, dir())).toThrow(ConfigError);
    expect(() => resolveAdminKey({ API_BOOTSTRAP_ADMIN_KEY: 'secret-value' }, dir())).not.toThrow(/secret-value/);
  });

  it('refuses a file that holds no key', () => {
    const stateDir = dir();
    resolveAdminKey({}, stateDir);
    writeFileSync(join(stateDir, ADMIN_KEY_FILE), 'garbage\n');
    expect(() => resolveAdminKey({}, stateDir)).toThrow(/does not hold an API key.*delete it/);
  });
});
