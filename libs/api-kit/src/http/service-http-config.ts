import { EnvReader, type Env } from '@voltlane/config';
import { readTrustedProxies, type TrustedProxies } from '@voltlane/security';

/** Where an operator API listens and where its API keys are kept. */
export interface ServiceHttpConfig {
  port: number;
  host: string;
  /** Schema of the API-key table (shared by every service of a deployment). */
  keysSchema: string;
  /** Proxies (ingress, the API edge) whose X-Forwarded-For names the client. */
  trustedProxies: TrustedProxies;
}

/** API_PORT and API_HOST: the operator API's address (every service, the API edge and the all-in-one). */
export function readApiAddress(env: EnvReader, defaults: { port: number; host: string }): { port: number; host: string } {
  return {
    port: env.int('API_PORT', defaults.port, { min: 0, max: 65535 }, 'Port of the operator HTTP API (`/api/v1`, `/health/*`, `/metrics`).'),
    host: env.string('API_HOST', defaults.host, 'Address the operator HTTP API binds to.'),
  };
}

/** API_KEYS_DB_SCHEMA: the schema of the API keys (services and the apikey CLI). */
export function readApiKeysSchema(env: EnvReader): string {
  return env.string(
    'API_KEYS_DB_SCHEMA',
    'iam',
    'PostgreSQL schema of the API keys every service of a deployment checks (and `npm run apikey` manages).',
  );
}

/** A service process's operator API settings; throws a ConfigError naming every bad variable. */
export function loadServiceHttpConfig(env: Env): ServiceHttpConfig {
  const reader = new EnvReader(env);
  const config = {
    ...readApiAddress(reader, { port: 8080, host: '0.0.0.0' }),
    keysSchema: readApiKeysSchema(reader),
    trustedProxies: readTrustedProxies(reader),
  };
  reader.done();
  return config;
}
