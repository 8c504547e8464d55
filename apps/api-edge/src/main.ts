import { telemetry } from './instrumentation';
import { ConfigError } from '@voltlane/config';
import { startApiEdge } from '@voltlane/api-kit';
import { createLogger, createMetricsRegistry } from '@voltlane/telemetry';
import { loadEdgeConfig } from './edge-config';

async function main(): Promise<void> {
  const logger = createLogger('api-edge');
  let config;
  try {
    config = loadEdgeConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const edge = await startApiEdge({ ...config, logger, registry: createMetricsRegistry('api-edge') });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    edge
      .close()
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
  process.stderr.write(`api-edge failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
