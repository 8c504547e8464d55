import { telemetry } from './instrumentation';
import { createServiceMetricsRegistry } from '@voltlane/service-kit';
import { startServiceHttpApi } from '@voltlane/api-kit';
import { ConfigError } from '@voltlane/config';
import { createKafka, ensureTopics } from '@voltlane/messaging';
import { createLogger } from '@voltlane/telemetry';
import { billingApiModule } from './api/billing-api.module';
import { loadBillingServiceConfig } from './config/billing-service-config';
import { startBillingService } from './start-billing-service';

/** Partitions of a topic billing has to create because nothing provisioned it (a fresh lab cluster). */
const FALLBACK_PARTITIONS = 3;

async function main(): Promise<void> {
  const logger = createLogger('billing-service');
  let running;
  let api;
  try {
    // Kafka 4 does not create a topic for a consumer that subscribes to it; on a cluster nobody
    // provisioned yet (npm start, a lab), create the topics billing consumes and produces.
    const config = loadBillingServiceConfig(process.env);
    const { SessionLifecycle, CustomerTokens, BillingCdrs } = config.topics;
    await ensureTopics(
      createKafka({ brokers: config.infra.kafka.brokers, clientId: `${config.infra.kafka.clientId}-admin` }),
      [SessionLifecycle, CustomerTokens, BillingCdrs].map((topic) => ({ topic, numPartitions: FALLBACK_PARTITIONS })),
    );
    running = await startBillingService({ env: process.env, logger });
    const service = running;
    api = await startServiceHttpApi({
      app: 'billing-service',
      registry: createServiceMetricsRegistry('billing-service', service.dispatcher),
      modules: [billingApiModule(service)],
      env: process.env,
      databaseUrl: config.database.url,
      logger,
      readiness: service.readiness,
    }).catch(async (error: unknown) => {
      await service.close();
      throw error;
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const http = api;
    const service = running;
    http
      .close()
      .then(() => service.close())
      .then(() => telemetry.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`billing-service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
