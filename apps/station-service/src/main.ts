import { telemetry } from './instrumentation';
import { createServiceMetricsRegistry } from '@voltlane/service-kit';
import { ConfigError } from '@voltlane/config';
import { startServiceHttpApi } from '@voltlane/api-kit';
import { createLogger } from '@voltlane/telemetry';
import { stationApiModule } from './api/station-api.module';
import { loadStationServiceConfig } from './config/station-service-config';
import { startStationService, type StationServiceHandle } from './start-station-service';

async function main(): Promise<void> {
  const logger = createLogger('station-service');
  let running: StationServiceHandle;
  let api: { close(): Promise<void> };
  try {
    running = await startStationService({ env: process.env, logger });
    const handle = running;
    const publisher = handle.ports.publisher as { ready?: () => Promise<void> };
    api = await startServiceHttpApi({
      app: 'station-service',
      registry: createServiceMetricsRegistry('station-service', handle.dispatcher),
      modules: [stationApiModule(handle)],
      env: process.env,
      databaseUrl: loadStationServiceConfig(process.env).service.database.url,
      logger: logger.child({ component: 'http' }),
      readiness: [
        { name: 'postgres', check: async () => void (await handle.dataSource.query('SELECT 1')) },
        { name: 'kafka', check: async () => publisher.ready?.() },
        { name: 'redis', check: async () => void (await handle.ports.bootStatus.get('__readiness__')) },
      ],
      // In distributed mode the station-service also serves the API-key admin endpoints.
      serveApiKeys: true,
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
    api
    .close()
    .then(() => running.close())
    .then(() => telemetry.shutdown())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`station-service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
