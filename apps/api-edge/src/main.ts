import { telemetry } from './instrumentation';
import { runMain, stopOnSignals } from '@voltlane/config';
import { startApiEdge } from '@voltlane/api-kit';
import { createLogger, createMetricsRegistry } from '@voltlane/telemetry';
import { loadEdgeConfig } from './edge-config';

runMain('api-edge', async () => {
  const logger = createLogger('api-edge');
  const edge = await startApiEdge({ ...loadEdgeConfig(), logger, registry: createMetricsRegistry('api-edge') });
  stopOnSignals(logger, async () => {
    await edge.close();
    await telemetry.shutdown();
  });
});
