import { telemetry } from './instrumentation';
import { runMain, stopOnSignals } from '@voltlane/config';
import { ConsoleFiles, startApiEdge } from '@voltlane/api-kit';
import { createLogger, createMetricsRegistry } from '@voltlane/telemetry';
import { loadEdgeConfig } from './edge-config';

runMain('api-edge', async () => {
  const logger = createLogger('api-edge');
  const { console: consoleLocation, ...config } = loadEdgeConfig();
  const edge = await startApiEdge({
    ...config,
    ...(consoleLocation ? { console: ConsoleFiles.open(consoleLocation) } : {}),
    logger,
    registry: createMetricsRegistry('api-edge'),
  });
  stopOnSignals(logger, async () => {
    await edge.close();
    await telemetry.shutdown();
  });
});
