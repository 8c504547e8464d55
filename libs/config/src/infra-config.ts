import { type EnvReader } from './env-reader';

/** Addresses of the shared servers of the distributed mode. */
export interface InfraConfig {
  kafka: { brokers: string[]; clientId: string };
  redis: { url: string };
  database: { url: string };
}

export function infraConfig(env: EnvReader, clientId: string): InfraConfig {
  return {
    kafka: { brokers: env.list('KAFKA_BROKERS', ['127.0.0.1:39092']), clientId: env.string('KAFKA_CLIENT_ID', clientId) },
    redis: { url: env.url('REDIS_URL', 'redis://127.0.0.1:36379', ['redis', 'rediss']) },
    database: { url: env.url('DATABASE_URL', 'postgres://voltlane:voltlane@127.0.0.1:35432/voltlane', ['postgres', 'postgresql']) },
  };
}
