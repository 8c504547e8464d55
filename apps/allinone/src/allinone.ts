import type { Logger } from 'pino';
import { OcppGateway, loadGatewayConfig } from '@voltlane/ocpp-gateway';
import type { RunningService, StartService } from '@voltlane/service-kit';
import { startStationService } from '@voltlane/station-service';
import { startCustomerService } from '@voltlane/customer-service';
import { startSessionService } from '@voltlane/session-service';
import { startMeteringService } from '@voltlane/metering-service';
import { startBillingService } from '@voltlane/billing-service';
import type { AllInOneConfig } from './allinone-config';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';
import { createInProcessPorts } from './in-process-ports';

const SERVICES: [string, StartService][] = [
  ['station-service', startStationService],
  ['customer-service', startCustomerService],
  ['session-service', startSessionService],
  ['metering-service', startMeteringService],
  ['billing-service', startBillingService],
];

export interface RunningAllInOne {
  ocppPort: number;
  database: EmbeddedDatabase;
  services: Record<string, RunningService>;
  stop(): Promise<void>;
}

/**
 * Every app in one process: the same gateway and service code as the distributed mode, on
 * in-process adapters and an embedded PostgreSQL (same migrations).
 */
export async function startAllInOne(config: AllInOneConfig, logger: Logger): Promise<RunningAllInOne> {
  const database = await startEmbeddedDatabase(config.dataDir, config.postgresPort, (m) => logger.warn(m));
  const env = { ...config.appEnv, DATABASE_URL: database.url };
  const ports = createInProcessPorts(logger);
  const services: Record<string, RunningService> = {};
  try {
    for (const [name, start] of SERVICES) {
      services[name] = await start({ env, logger: logger.child({ app: name }), ports: ports.forService(name) });
    }
    const gateway = new OcppGateway({
      config: loadGatewayConfig(env),
      publisher: ports.bus,
      replyChannel: ports.replyChannel,
      registry: ports.registry,
      credentials: ports.credentials,
      bootStatus: ports.bootStatus,
      logger: logger.child({ app: 'ocpp-gateway' }),
    });
    const [ocppPort] = await gateway.start();
    return {
      ocppPort,
      database,
      services,
      stop: async () => {
        await gateway.drain();
        for (const service of Object.values(services).reverse()) await service.close();
        await ports.close();
        await database.stop();
      },
    };
  } catch (error) {
    await Promise.allSettled(Object.values(services).map((s) => s.close()));
    await database.stop();
    throw error;
  }
}
