import type { DataSource } from 'typeorm';
import type { InfraConfig } from '@voltlane/config';
import { createKafka, createRedis } from '@voltlane/messaging';
import type { HttpReadinessCheck } from './health.controller';

/** Readiness of a service: PostgreSQL (select 1), Kafka (cluster reachable), Redis (PING). */
export function infraReadiness(
  dataSource: DataSource,
  infra: InfraConfig,
  name: string,
): { checks: HttpReadinessCheck[]; close(): Promise<void> } {
  const redis = createRedis(infra.redis.url, `${name}:readiness`);
  const admin = createKafka({ brokers: infra.kafka.brokers, clientId: `${name}-readiness`, ...infra.kafka.security }).admin();
  let connected: Promise<void> | undefined;
  return {
    checks: [
      { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
      {
        name: 'kafka',
        check: async () => {
          connected ??= admin.connect().catch((error: unknown) => {
            connected = undefined;
            throw error;
          });
          await connected;
          await admin.describeCluster();
        },
      },
      { name: 'redis', check: async () => void (await redis.ping()) },
    ],
    close: async () => {
      await admin.disconnect().catch(() => undefined);
      redis.disconnect();
    },
  };
}
