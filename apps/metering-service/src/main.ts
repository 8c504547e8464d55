import { telemetry } from './instrumentation';
import { createServiceMetricsRegistry } from '@voltlane/service-kit';
import { startServiceHttpApi } from '@voltlane/api-kit';
import { ConfigError } from '@voltlane/config';
import { createLogger } from '@voltlane/telemetry';
import { readinessChecks } from './api/readiness';
import { meteringApiModule } from './api/metering-api.module';
import { loadMeteringConfig } from './config/metering-config';
import { startMeteringService } from './start-metering-service';

async function main(): Promise<void> {
  const logger = createLogger('metering-service');
  let running;
  let config;
  try {
    config = loadMeteringConfig(process.env);
    running = await startMeteringService({ env: process.env, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const service = running;
  const readiness = readinessChecks(service.dataSource, config.infra, 'metering-service');
  let api;
  try {
    api = await startServiceHttpApi({
      app: 'metering-service',
      registry: createServiceMetricsRegistry('metering-service', service.dispatcher),
      modules: [meteringApiModule(service)],
      env: process.env,
      databaseUrl: config.database.url,
      logger,
      readiness: readiness.checks,
    });
  } catch (error) {
    await readiness.close();
    await service.close();
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  logger.info({ url: api.url }, 'operator API listening');
  const http = api;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    http
      .close()
      .then(() => readiness.close())
      .then(() => service.close())
      .then(() => telemetry.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`metering-service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
