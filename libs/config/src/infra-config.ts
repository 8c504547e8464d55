import { type EnvReader } from './env-reader';

/** Addresses of the shared servers of the distributed mode. */
export interface InfraConfig {
  /** `createTopics`: create missing topics at start (off where topics are managed elsewhere). */
  kafka: { brokers: string[]; clientId: string; createTopics: boolean; topicPartitions: number };
  redis: { url: string };
  database: { url: string };
}

export function infraConfig(env: EnvReader, clientId: string): InfraConfig {
  return {
    kafka: {
      brokers: env.list('KAFKA_BROKERS', ['127.0.0.1:39092']),
      clientId: env.string('KAFKA_CLIENT_ID', clientId),
      createTopics: env.bool('KAFKA_CREATE_TOPICS', true),
      topicPartitions: env.int('KAFKA_TOPIC_PARTITIONS', 12, { min: 1, max: 1000 }),
    },
    redis: { url: env.url('REDIS_URL', 'redis://127.0.0.1:36379', ['redis', 'rediss']) },
    database: { url: env.url('DATABASE_URL', 'postgres://voltlane:voltlane@127.0.0.1:35432/voltlane', ['postgres', 'postgresql']) },
  };
}
