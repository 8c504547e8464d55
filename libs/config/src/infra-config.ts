import { type EnvReader } from './env-reader';
import { readKafkaSecurity, type KafkaSecurity } from './kafka-security-config';

/** Addresses of the shared servers of the distributed mode. */
export interface InfraConfig {
  /**
   * `createTopics`: create missing topics at start (off where topics are managed elsewhere);
   * `security`: SASL and TLS of the clients (KAFKA_SECURITY_PROTOCOL), for `createKafka`.
   */
  kafka: { brokers: string[]; clientId: string; createTopics: boolean; topicPartitions: number; security: KafkaSecurity };
  redis: { url: string };
  database: { url: string };
}

const LOCAL_DATABASE_URL = 'postgres://voltlane:voltlane@127.0.0.1:35432/voltlane';

export function infraConfig(env: EnvReader, clientId: string): InfraConfig {
  return {
    kafka: {
      brokers: env.list(
        'KAFKA_BROKERS',
        ['127.0.0.1:39092'],
        undefined,
        'Kafka bootstrap brokers, `host:port`, comma-separated (the default is `deploy/local/infra.sh`).',
      ),
      clientId: env.string('KAFKA_CLIENT_ID', clientId, {
        doc: 'Kafka client id of the process (shows in broker logs and quotas).',
        defaultText: 'the app name, e.g. `station-service`',
      }),
      createTopics: env.bool('KAFKA_CREATE_TOPICS', true, 'Create missing topics at start; turn off where topics are managed elsewhere.'),
      topicPartitions: env.int(
        'KAFKA_TOPIC_PARTITIONS',
        12,
        { min: 1, max: 1000 },
        'Partitions of a topic the process creates (`KAFKA_CREATE_TOPICS`).',
      ),
      security: readKafkaSecurity(env),
    },
    redis: {
      url: env.url(
        'REDIS_URL',
        'redis://127.0.0.1:36379',
        ['redis', 'rediss'],
        'Redis (connection registry, reply channel, failed-authentication counters).',
      ),
    },
    database: { url: readDatabaseUrl(env, LOCAL_DATABASE_URL) },
  };
}

/** DATABASE_URL; `fallback` undefined: required. */
export function readDatabaseUrl(env: EnvReader, fallback?: string): string {
  return env.url(
    'DATABASE_URL',
    fallback,
    ['postgres', 'postgresql'],
    'PostgreSQL server; each service keeps its tables in its own schema (`<SERVICE>_DB_SCHEMA`).',
  );
}

/** TOPIC_SUFFIX: appended to every topic name (gateway and services alike). */
export function readTopicSuffix(env: EnvReader): string {
  return env.string(
    'TOPIC_SUFFIX',
    '',
    'Appended to every Kafka topic name, e.g. `.test-42` (isolates test runs and stacks sharing one cluster); the gateway and every service must agree.',
  );
}
