import { telemetry } from './instrumentation';
import { runMain, stopOnSignals } from '@voltlane/config';
import { createLogger } from '@voltlane/telemetry';
import { loadAllInOneConfig } from './allinone-config';
import { startAllInOne } from './allinone';

runMain('voltlane', async () => {
  const logger = createLogger('voltlane');
  const config = loadAllInOneConfig();
  const running = await startAllInOne(config, logger);
  process.stdout.write(
    [
      '',
      'Voltlane is running (all-in-one, embedded defaults).',
      `  OCPP:  ws://${config.host}:${running.ocppPort}/ocpp/<station-id>   (subprotocols ocpp1.6, ocpp2.0.1, ocpp2.1)`,
      `  API:   ${running.api.url}/api/v1   docs: ${running.api.url}/docs`,
      running.consoleBuilt
        ? `  Console: ${running.api.url}/   (sign in with an API key)`
        : `  Console: not served (${config.console ? 'not built: npm run build:console' : 'CONSOLE_DIR=none'})`,
      running.createdAdminKey
        ? `  Admin API key (shown once; also in ${running.adminKeyFile}):\n    ${running.createdAdminKey}`
        : `  Admin API key: ${running.adminKeyFile ? `in ${running.adminKeyFile}` : 'create one with POST /api/v1/api-keys using an admin key'}`,
      `  Data:  ${config.dataDir} (PostgreSQL data: ${running.database.dataDir})`,
      '  Stop with Ctrl-C; state survives a restart.',
      '',
    ].join('\n'),
  );
  stopOnSignals(logger, async () => {
    await running.stop();
    await telemetry.shutdown();
  });
});
