import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { infraConfig, type EnvReader, type InfraConfig } from '@voltlane/config';
import { Topics } from '@voltlane/contracts';

export type TopicMap = { -readonly [K in keyof typeof Topics]: string };

export interface ServiceConfig {
  serviceName: string;
  instanceId: string;
  /** Consumer group of this service on `ocpp.inbound.v1` and its other topics. */
  groupId: string;
  /** `poolSize`: connections this process may hold (each PostgreSQL connection is a server process). */
  database: { url: string; schema: string; poolSize: number };
  topics: TopicMap;
  /** The schema of the dead-letter table every service of a deployment shares. */
  deadLetters: { schema: string };
  infra: InfraConfig;
}

/**
 * Settings every service shares. `TOPIC_SUFFIX` renames every topic (test isolation);
 * `<SERVICE>_DB_SCHEMA` (e.g. STATION_SERVICE_DB_SCHEMA) overrides the schema;
 * `<SERVICE>_DB_POOL_SIZE`, else `DATABASE_POOL_SIZE` (10), sizes the connection pool;
 * `DEAD_LETTERS_DB_SCHEMA` (ops) names the schema of the shared dead-letter table.
 */
export function loadServiceConfig(env: EnvReader, serviceName: string, defaultSchema: string): ServiceConfig {
  const infra = infraConfig(env, serviceName);
  const prefix = serviceName.toUpperCase().replace(/-/g, '_');
  const config: ServiceConfig = {
    serviceName,
    instanceId: env.string(`${prefix}_INSTANCE_ID`, `${serviceName}-${hostname()}-${randomBytes(3).toString('hex')}`),
    groupId: env.string(`${prefix}_GROUP_ID`, serviceName),
    database: {
      url: infra.database.url,
      schema: env.string(`${prefix}_DB_SCHEMA`, defaultSchema),
      poolSize: env.int(`${prefix}_DB_POOL_SIZE`, env.int('DATABASE_POOL_SIZE', 10, { min: 1, max: 500 }), { min: 1, max: 500 }),
    },
    topics: topicMap(env.string('TOPIC_SUFFIX', '')),
    deadLetters: { schema: env.string('DEAD_LETTERS_DB_SCHEMA', 'ops') },
    infra,
  };
  return config;
}

export function topicMap(suffix: string): TopicMap {
  const map = {} as TopicMap;
  for (const [key, name] of Object.entries(Topics) as [keyof typeof Topics, string][]) map[key] = `${name}${suffix}`;
  return map;
}
