import { ConfigError } from '@voltlane/config';
import { createLogger } from '@voltlane/telemetry';
import { loadAllInOneConfig } from './allinone-config';
import { startAllInOne } from './allinone';

async function main(): Promise<void> {
  const logger = createLogger('voltlane');
  let config;
  try {
    config = loadAllInOneConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const running = await startAllInOne(config, logger);
  process.stdout.write(
    [
      '',
      'Voltlane is running (all-in-one, embedded defaults).',
      `  OCPP:  ws://${config.host}:${running.ocppPort}/ocpp/<station-id>   (subprotocols ocpp1.6, ocpp2.0.1, ocpp2.1)`,
      `  API:   ${running.api.url}/api/v1   docs: ${running.api.url}/docs`,
      running.createdAdminKey
        ? `  Admin API key (shown once; also in ${running.adminKeyFile}):\n    ${running.createdAdminKey}`
        : `  Admin API key: ${running.adminKeyFile ? `in ${running.adminKeyFile}` : 'create one with POST /api/v1/api-keys using an admin key'}`,
      `  Data:  ${config.dataDir} (PostgreSQL data: ${running.database.dataDir})`,
      '  Stop with Ctrl-C; state survives a restart.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    running.stop().then(
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
  process.stderr.write(`voltlane failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
