import { telemetry } from './instrumentation';
// Runs the customer-service as its own process (distributed mode), configured from the environment.
import { createLogger } from '@voltlane/telemetry';
import { startCustomerService } from './start-customer-service';

const logger = createLogger('customer-service');

async function main(): Promise<void> {
  const service = await startCustomerService({ env: process.env, logger });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'customer-service stopping');
    service
    .close()
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
