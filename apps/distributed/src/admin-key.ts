/**
 * The admin API key of `npm run start:distributed`: the services make it an admin key at start
 * (API_BOOTSTRAP_ADMIN_KEY, as the Helm chart does with its Secret). The launcher makes one on its
 * first start and keeps it in `<state dir>/admin-api-key` (mode 0600), so a restart, or another
 * database, uses the same key; API_BOOTSTRAP_ADMIN_KEY in the environment wins.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY_FORM, apiKeyId, generateApiKey, readBootstrapAdminKey } from '@voltlane/api-kit';
import type { Env } from '@voltlane/config';

export interface AdminKey {
  key: string;
  /** `created`: made by this start; `file`: read from `file`; `env`: API_BOOTSTRAP_ADMIN_KEY. */
  source: 'created' | 'file' | 'env';
  file?: string;
}

export const ADMIN_KEY_FILE = 'admin-api-key';

export function resolveAdminKey(env: Env, stateDir: string): AdminKey {
  const given = readBootstrapAdminKey(env);
  if (given !== undefined) return { key: given, source: 'env' };
  const file = join(stateDir, ADMIN_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (!apiKeyId(key)) throw new Error(`${file} does not hold an API key ${API_KEY_FORM}; delete it to have a new one made`);
    return { key, source: 'file', file };
  }
  const { key } = generateApiKey();
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, source: 'created', file };
}

/** The status the operator API answers the key with on GET /api/v1/api-keys (200: a working admin key). */
export async function adminKeyStatus(apiUrl: string, key: string): Promise<number> {
  const response = await fetch(`${apiUrl}/api/v1/api-keys`, { headers: { 'x-api-key': key }, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}
