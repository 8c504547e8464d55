import type { Logger } from 'pino';
import { ConfigError, EnvReader, type Env } from '@voltlane/config';
import { API_KEY_FORM, apiKeyId, type ApiKeyStore } from './api-key-store';

/** A deployment's first admin key (e.g. from a Kubernetes Secret); optional. */
export const BOOTSTRAP_ADMIN_KEY_VARIABLE = 'API_BOOTSTRAP_ADMIN_KEY';
export const BOOTSTRAP_ADMIN_KEY_NAME = 'bootstrap admin';

/**
 * The key in API_BOOTSTRAP_ADMIN_KEY, or undefined when it is not set. A value that is not a
 * well-formed key is a ConfigError naming the variable (the value itself is never shown).
 */
export function readBootstrapAdminKey(env: Env): string | undefined {
  const key = new EnvReader(env).optionalString(
    BOOTSTRAP_ADMIN_KEY_VARIABLE,
    'A first admin API key (`vl_<id>_<secret>`, from `npm run apikey -- generate`), made an admin key at start if absent; a revoked one stays revoked. Keep it in a secret.',
  );
  if (key !== undefined && !apiKeyId(key)) {
    throw new ConfigError(
      BOOTSTRAP_ADMIN_KEY_VARIABLE,
      `must be an API key ${API_KEY_FORM} (make one with \`npm run apikey -- generate\`); the value is not shown`,
    );
  }
  return key;
}

/**
 * Makes sure the bootstrap key exists as an admin key named "bootstrap admin". Idempotent, and
 * safe when every replica of every service starts at once. A revoked bootstrap key is not
 * restored: that is how an operator retires it after making keys of their own.
 */
export async function ensureBootstrapAdminKey(keys: ApiKeyStore, key: string, logger: Logger): Promise<void> {
  const { outcome, view } = await keys.ensure(key, BOOTSTRAP_ADMIN_KEY_NAME, 'admin');
  switch (outcome) {
    case 'created':
      logger.info({ apiKeyId: view.id }, `created the admin API key of ${BOOTSTRAP_ADMIN_KEY_VARIABLE}`);
      return;
    case 'present':
      return;
    case 'revoked':
      logger.warn(
        { apiKeyId: view.id, revokedAt: view.revokedAt },
        `the API key of ${BOOTSTRAP_ADMIN_KEY_VARIABLE} was revoked; it stays revoked (remove the variable, or set a new key)`,
      );
      return;
    case 'different':
      logger.warn(
        { apiKeyId: view.id },
        `another API key has the id of the key in ${BOOTSTRAP_ADMIN_KEY_VARIABLE}; it was left as it is and the bootstrap key does not authenticate`,
      );
      return;
  }
}
