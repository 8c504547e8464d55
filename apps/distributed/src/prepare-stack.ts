/**
 * What a deployment does before the apps start: the Kafka topics exist, and each service's
 * migrations have run.
 */
import { ConfigError, EnvReader, infraConfig, readTopicSuffix, type Env } from '@voltlane/config';
import { Topics } from '@voltlane/contracts';
import { createKafka, ensureTopics } from '@voltlane/messaging';
import { migrateServiceSchema, type MigratedService } from '@voltlane/service-kit';
import { billingService } from '@voltlane/billing-service';
import { customerService } from '@voltlane/customer-service';
import { energyService } from '@voltlane/energy-service';
import { meteringService } from '@voltlane/metering-service';
import { ocpiService } from '@voltlane/ocpi-service';
import { reportService } from '@voltlane/report-service';
import { sessionService } from '@voltlane/session-service';
import { stationService } from '@voltlane/station-service';
import type { AppName, AppPlan, ServiceAppName } from './app-plan';

/** Every topic of the stack (TOPIC_SUFFIX appended), with KAFKA_TOPIC_PARTITIONS partitions. */
export async function createTopics(env: Env): Promise<string[]> {
  const reader = new EnvReader(env);
  const infra = infraConfig(reader, 'start-distributed');
  const suffix = readTopicSuffix(reader);
  reader.done();
  const topics = Object.values(Topics).map((topic) => `${topic}${suffix}`);
  const kafka = createKafka({ brokers: infra.kafka.brokers, clientId: infra.kafka.clientId, ...infra.kafka.security });
  await ensureTopics(
    kafka,
    topics.map((topic) => ({ topic, numPartitions: infra.kafka.topicPartitions })),
  );
  return topics;
}

/** The definition of each service (its schema's entities and migrations). */
const DEFINITIONS: Record<ServiceAppName, MigratedService> = {
  'station-service': stationService,
  'customer-service': customerService,
  'session-service': sessionService,
  'metering-service': meteringService,
  'billing-service': billingService,
  'report-service': reportService,
  'energy-service': energyService,
  'ocpi-service': ocpiService,
};

/**
 * Runs every service's migrations, side by side (each migrates its own schema under its own
 * advisory lock), with the service's environment: what each service's migrate command
 * (`dist/apps/<service>/src/migrate.js`, the Helm chart's migration Job) does, in this one process
 * (eight Node processes loading the same code would cost the start seconds of CPU).
 */
export async function migrateServices(apps: readonly AppPlan[], onLine: (app: AppName, line: string) => void): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      const definition = DEFINITIONS[app.name as ServiceAppName];
      if (!definition) return;
      try {
        onLine(app.name, await migrateServiceSchema(definition, app.env));
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new Error(`the ${app.name} migrations failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }),
  );
}
