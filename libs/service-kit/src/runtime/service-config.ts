import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { infraConfig, readTopicSuffix, type EnvReader, type InfraConfig } from '@voltlane/config';
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
  const poolSize = env.int(
    'DATABASE_POOL_SIZE',
    10,
    { min: 1, max: 500 },
    'PostgreSQL connections each service process may hold (each one is a server process); `<SERVICE>_DB_POOL_SIZE` overrides it for one service.',
  );
  const config: ServiceConfig = {
    serviceName,
    instanceId: env.string(`${prefix}_INSTANCE_ID`, `${serviceName}-${hostname()}-${randomBytes(3).toString('hex')}`, {
      doc: `Instance id of this ${serviceName} process (Kafka client, logs); the Helm chart sets the pod name.`,
      defaultText: `\`${serviceName}-<host name>-<random>\``,
    }),
    groupId: env.string(
      `${prefix}_GROUP_ID`,
      serviceName,
      `Kafka consumer group of the ${serviceName} on \`ocpp.inbound.v1\`, and the stem of its other groups.`,
    ),
    database: {
      url: infra.database.url,
      schema: env.string(
        `${prefix}_DB_SCHEMA`,
        defaultSchema,
        `PostgreSQL schema of the ${serviceName}'s tables (created and migrated at start).`,
      ),
      poolSize: env.int(
        `${prefix}_DB_POOL_SIZE`,
        poolSize,
        { min: 1, max: 500 },
        { doc: `PostgreSQL connections of one ${serviceName} process.`, defaultText: '`DATABASE_POOL_SIZE`' },
      ),
    },
    topics: topicMap(readTopicSuffix(env)),
    deadLetters: {
      schema: env.string(
        'DEAD_LETTERS_DB_SCHEMA',
        'ops',
        'PostgreSQL schema of the dead-letter table every service of a deployment shares.',
      ),
    },
    infra,
  };
  return config;
}

/** MASTER_PASS_GROUP_ID (customer- and session-service): an IdToken value, at most 36 characters; undefined = no master pass. */
export function readMasterPassGroupId(env: EnvReader): string | undefined {
  const value = env.optionalString('MASTER_PASS_GROUP_ID', {
    doc: 'OCPP 2.0.1 Master Pass group (use case C16): tokens of this group may stop any transaction and are answered `Invalid` when they try to start one. The customer- and session-service must agree.',
    defaultText: 'unset (no master pass)',
  });
  if (value !== undefined && value.length > 36) env.invalid('MASTER_PASS_GROUP_ID', `must be at most 36 characters (got ${value.length})`);
  return value;
}

export function topicMap(suffix: string): TopicMap {
  const map = {} as TopicMap;
  for (const [key, name] of Object.entries(Topics) as [keyof typeof Topics, string][]) map[key] = `${name}${suffix}`;
  return map;
}
