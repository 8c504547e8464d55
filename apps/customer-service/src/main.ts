import { telemetry } from './instrumentation';
import { createServiceMetricsRegistry } from '@voltlane/service-kit';
// Runs the customer-service as its own process (distributed mode), configured from the environment.
import { startServiceHttpApi } from '@voltlane/api-kit';
import { ConfigError } from '@voltlane/config';
import { createKafka, ensureTopics } from '@voltlane/messaging';
import { createLogger } from '@voltlane/telemetry';
import { customerApiModule } from './api/customer-api.module';
import { loadCustomerServiceConfig } from './config/customer-service-config';
import { startCustomerService } from './start-customer-service';

/** Partitions of a topic the service has to create because nothing provisioned it (a fresh lab cluster). */
const FALLBACK_PARTITIONS = 3;

const logger = createLogger('customer-service');

async function main(): Promise<void> {
  let config;
  try {
    config = loadCustomerServiceConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  // Kafka 4 does not create a topic for a consumer; make sure the ones this service reads exist.
  const { SessionLifecycle, CustomerTokens, OcppCommands } = config.topics;
  await ensureTopics(
    createKafka({ brokers: config.infra.kafka.brokers, clientId: `${config.infra.kafka.clientId}-admin` }),
    [SessionLifecycle, CustomerTokens, OcppCommands].map((topic) => ({ topic, numPartitions: FALLBACK_PARTITIONS })),
  );
  const service = await startCustomerService({ env: process.env, logger });
  const api = await startServiceHttpApi({
    app: 'customer-service',
    registry: createServiceMetricsRegistry('customer-service', service.dispatcher),
    modules: [customerApiModule(service)],
    env: process.env,
    databaseUrl: config.database.url,
    logger,
    readiness: service.readiness,
  }).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'customer-service stopping');
    api
    .close()
    .then(() => service.close())
    .then(() => telemetry.shutdown())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'customer-service did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'customer-service failed to start');
  process.exit(1);
});
