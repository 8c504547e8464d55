import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConsoleFiles, startServiceHttpApi, type HttpApi } from '@voltlane/api-kit';
import { createMetricsRegistry } from '@voltlane/telemetry';
import { OcppGateway, bindGatewayMetrics, listeningCheck, loadGatewayConfig } from '@voltlane/ocpp-gateway';
import {
  DeadLetterStore,
  bindServiceMetrics,
  createInProcessPorts,
  type InProcessPorts,
  type RunningService,
  type StartService,
} from '@voltlane/service-kit';
import { startStationService, stationApiModule, type StationServiceHandle } from '@voltlane/station-service';
import { customerApiModule, startCustomerService, type CustomerServiceHandle, type CustomerStartOptions } from '@voltlane/customer-service';
import { sessionApiModule, startSessionService, type SessionServiceHandle } from '@voltlane/session-service';
import { meteringApiModule, startMeteringService, type MeteringServiceHandle } from '@voltlane/metering-service';
import { billingApiModule, startBillingService, type BillingServiceHandle } from '@voltlane/billing-service';
import { reportApiModule, startReportService, type ReportServiceHandle } from '@voltlane/report-service';
import { energyApiModule, startEnergyService, type EnergyServiceHandle } from '@voltlane/energy-service';
import { ocpiApiModule, startOcpiService, type OcpiServiceHandle } from '@voltlane/ocpi-service';
import type { AllInOneConfig } from './allinone-config';
import { certificateAuthorityEnv } from './csms-ca';
import { testPkiEnv } from './test-pki';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

/** Each service and the operator API module built from its running handle. */
const SERVICES: [string, StartService, (running: RunningService) => DynamicModule][] = [
  ['station-service', startStationService, (r) => stationApiModule(r as StationServiceHandle)],
  ['customer-service', startCustomerService, (r) => customerApiModule(r as CustomerServiceHandle)],
  ['session-service', startSessionService, (r) => sessionApiModule(r as SessionServiceHandle)],
  ['metering-service', startMeteringService, (r) => meteringApiModule(r as MeteringServiceHandle)],
  ['billing-service', startBillingService, (r) => billingApiModule(r as BillingServiceHandle)],
  ['report-service', startReportService, (r) => reportApiModule(r as ReportServiceHandle)],
  ['energy-service', startEnergyService, (r) => energyApiModule(r as EnergyServiceHandle)],
  ['ocpi-service', startOcpiService, (r) => ocpiApiModule(r as OcpiServiceHandle)],
];

export interface RunningAllInOne {
  ocppPort: number;
  api: HttpApi;
  /** The operator console is served at / (built, and not CONSOLE_DIR=none). */
  consoleBuilt: boolean;
  /** The admin API key, when this start created it (first start); null afterwards. */
  createdAdminKey: string | null;
  adminKeyFile: string;
  database: EmbeddedDatabase;
  services: Record<string, RunningService>;
  stop(): Promise<void>;
}

/**
 * Every app in one process: the same gateway and service code as the distributed mode, on
 * in-process adapters and an embedded PostgreSQL (same migrations), or the operator's
 * PostgreSQL server when VOLTLANE_DATABASE_URL is set.
 */
export async function startAllInOne(config: AllInOneConfig, logger: Logger): Promise<RunningAllInOne> {
  const database = config.externalDatabaseUrl
    ? externalDatabase(config.externalDatabaseUrl)
    : await startEmbeddedDatabase(config.dataDir, config.postgresPort, (m) => logger.warn(m));
  const env = {
    ...config.appEnv,
    DATABASE_URL: database.url,
    ...(await certificateAuthorityEnv(config.dataDir, config.appEnv)),
    ...(await testPkiEnv(config.dataDir, config.appEnv)),
  };
  const services: Record<string, RunningService> = {};
  let ports: InProcessPorts | undefined;
  try {
    ports = await createInProcessPorts(logger, (bus) =>
      DeadLetterStore.open(database.url, bus, config.appEnv.DEAD_LETTERS_DB_SCHEMA ?? 'ops'),
    );
    const registry = createMetricsRegistry('voltlane');
    // The customer-service asks the ocpi-service (started after it) about roaming tokens in-process.
    const ocpi = () => services['ocpi-service'] as OcpiServiceHandle | undefined;
    const extra: Record<string, object> = {
      'customer-service': {
        inProcessRoamingAuthorization: () => {
          const authorizer = ocpi()?.tokens.authorizer;
          return authorizer ? (request) => authorizer.authorize(request) : undefined;
        },
      } satisfies Partial<CustomerStartOptions>,
    };
    for (const [name, start] of SERVICES) {
      services[name] = await start({ env, logger, ports: ports.forService(name), ...extra[name] });
    }
    bindServiceMetrics(
      registry,
      Object.entries(services).map(([name, s]) => ({
        name,
        dispatcher: s.dispatcher,
        deadLetters: s.deadLetters,
        dataSource: s.dataSource,
      })),
      ports.bus,
      ports.deadLetters,
    );
    for (const service of Object.values(services)) service.bindMetrics?.(registry);
    const gateway = new OcppGateway({
      config: loadGatewayConfig(env),
      publisher: ports.bus,
      replyChannel: ports.replyChannel,
      registry: ports.registry,
      credentials: ports.credentials,
      bootStatus: ports.bootStatus,
      logger: logger.child({ component: 'ocpp-gateway' }),
    });
    // The gateway's metrics on the same registry: one /metrics for the whole process.
    bindGatewayMetrics(registry, gateway, {
      readiness: [listeningCheck(gateway)],
    });
    const [ocppPort] = await gateway.start();
    // One operator API for every service, on one port (API_PORT, default 8080), and the console at /.
    const consoleFiles = config.console ? ConsoleFiles.open(config.console) : undefined;
    const api = await startServiceHttpApi({
      app: 'voltlane',
      modules: SERVICES.map(([name, , apiModule]) => apiModule(services[name])),
      env,
      databaseUrl: database.url,
      logger: logger.child({ component: 'http' }),
      registry,
      readiness: [{ name: 'postgres', check: async () => void (await services['station-service'].dataSource.query('SELECT 1')) }],
      serveApiKeys: true,
      deadLetters: ports.deadLetters,
      ...(consoleFiles ? { console: consoleFiles } : {}),
    });
    const adminKeyFile = join(config.dataDir, 'admin-api-key');
    let createdAdminKey: string | null = null;
    if ((await api.keys.count()) === 0) {
      createdAdminKey = (await api.keys.create('admin (first start)', 'admin')).key;
      writeFileSync(adminKeyFile, `${createdAdminKey}\n`, { mode: 0o600 });
      chmodSync(adminKeyFile, 0o600);
    }
    return {
      ocppPort,
      api,
      consoleBuilt: consoleFiles?.built ?? false,
      createdAdminKey,
      adminKeyFile: existsSync(adminKeyFile) && readFileSync(adminKeyFile, 'utf8').trim() ? adminKeyFile : '',
      database,
      services,
      stop: async () => {
        await api.close();
        await gateway.drain();
        for (const service of Object.values(services).reverse()) await service.close();
        await ports?.close();
        await database.stop();
      },
    };
  } catch (error) {
    await Promise.allSettled(Object.values(services).map((s) => s.close()));
    await ports?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
}

/** The operator's PostgreSQL server: used, never started or stopped by this process. */
function externalDatabase(url: string): EmbeddedDatabase {
  return { url, dataDir: `kept by the server at ${url.replace(/\/\/[^@/]*@/, '//***@')}`, stop: async () => undefined };
}
