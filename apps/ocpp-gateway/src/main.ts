import { telemetry } from './instrumentation';
import { runMain, stopOnSignals } from '@voltlane/config';
import { createLogger } from '@voltlane/telemetry';
import { loadGatewayConfig } from './config/gateway-config';
import { startDistributedGateway } from './create-gateway';

runMain('ocpp-gateway', async () => {
  const logger = createLogger('ocpp-gateway');
  const running = await startDistributedGateway(loadGatewayConfig(), logger);
  stopOnSignals(
    logger,
    async () => {
      await running.drain();
      await telemetry.shutdown();
    },
    'draining',
  );
});
