import { telemetry } from './instrumentation';
import { ConfigError } from '@voltlane/config';
import { createLogger } from '@voltlane/telemetry';
import { loadGatewayConfig } from './config/gateway-config';
import { startDistributedGateway } from './create-gateway';

async function main(): Promise<void> {
  const logger = createLogger('ocpp-gateway');
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const running = await startDistributedGateway(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    running
      .drain()
      .then(() => telemetry.shutdown())
      .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'drain failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`ocpp-gateway failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
