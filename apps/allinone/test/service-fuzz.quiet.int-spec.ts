import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OcppGateway, loadGatewayConfig } from '@voltlane/ocpp-gateway';
import { DeadLetterStore, createInProcessPorts, type InProcessPorts, type RunningService, type StartService } from '@voltlane/service-kit';
import { startStationService } from '@voltlane/station-service';
import { startCustomerService } from '@voltlane/customer-service';
import { startSessionService } from '@voltlane/session-service';
import { startMeteringService } from '@voltlane/metering-service';
import { startBillingService } from '@voltlane/billing-service';
import { startReportService } from '@voltlane/report-service';
import { startEnergyService } from '@voltlane/energy-service';
import { startOcpiService } from '@voltlane/ocpi-service';
import { createLogger } from '@voltlane/telemetry';
import { TestStation, infraEnv, uniqueName } from '@voltlane/testing';
import { serviceFuzzSuite, type FuzzStack } from '@voltlane/testing/jest-suites';
import { loadAllInOneConfig } from '../src/allinone-config';
import { certificateAuthorityEnv } from '../src/csms-ca';

const REPLY_TIMEOUT_MS = 5_000;

const SERVICES: [string, string, StartService][] = [
  ['station-service', 'STATION', startStationService],
  ['customer-service', 'CUSTOMER', startCustomerService],
  ['session-service', 'SESSION', startSessionService],
  ['metering-service', 'METERING', startMeteringService],
  ['billing-service', 'BILLING', startBillingService],
  ['report-service', 'REPORT', startReportService],
  ['energy-service', 'ENERGY', startEnergyService],
  ['ocpi-service', 'OCPI', startOcpiService],
];

/**
 * The all-in-one composition (apps/allinone/src/allinone.ts: in-process bus, reply channel,
 * registry and stores shared by the gateway and every service; its defaults: unknown stations
 * accepted, security profile 0) started in this process. Unlike `startAllInOne` it uses the real
 * PostgreSQL of DATABASE_URL with a unique schema per service instead of the embedded one, and
 * serves no operator API (apps/e2e/src/api-fuzz.int-spec.ts fuzzes that).
 */
async function startInProcess(): Promise<FuzzStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voltlane-fuzz-'));
  const config = loadAllInOneConfig({ VOLTLANE_DATA_DIR: dataDir, OCPP_PORT: '0', OCPP_HOST: '127.0.0.1' });
  const logger = createLogger('allinone-fuzz', process.env.TEST_LOG_LEVEL ?? 'silent');
  const env: Record<string, string> = {
    ...config.appEnv,
    DATABASE_URL: infraEnv().databaseUrl,
    GATEWAY_INSTANCE_ID: uniqueName('aio'),
    GATEWAY_OPS_PORT: '-1',
    GATEWAY_DRAIN_WINDOW_MS: '0',
    GATEWAY_DRAIN_REPLY_GRACE_MS: '0',
    GATEWAY_CALL_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS),
    // The fuzzers send back to back: the per-station rate limit is not under test here.
    GATEWAY_RATE_LIMIT_PER_SECOND: '1000',
    GATEWAY_RATE_LIMIT_BURST: '1000',
    ...Object.fromEntries(SERVICES.map(([, prefix]) => [`${prefix}_SERVICE_DB_SCHEMA`, uniqueName(prefix.toLowerCase())])),
  };
  Object.assign(env, await certificateAuthorityEnv(dataDir, env));
  const services: RunningService[] = [];
  let ports: InProcessPorts | undefined;
  const stop = async (): Promise<void> => {
    for (const service of services.reverse()) await service.close().catch(() => undefined);
    await ports?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    ports = await createInProcessPorts(logger, (bus) => DeadLetterStore.open(env.DATABASE_URL, bus, uniqueName('ops')));
    for (const [name, , start] of SERVICES)
      services.push(await start({ env, logger: logger.child({ app: name }), ports: ports.forService(name) }));
    const { bus, replyChannel, registry, credentials, bootStatus } = ports;
    const gateway = new OcppGateway({
      config: loadGatewayConfig(env),
      publisher: bus,
      replyChannel,
      registry,
      credentials,
      bootStatus,
      logger: logger.child({ app: 'ocpp-gateway' }),
    });
    const [port] = await gateway.start();
    const stations: TestStation[] = [];
    return {
      replyTimeoutMs: REPLY_TIMEOUT_MS,
      connect: async (id, protocol) => {
        const station = await TestStation.connect(`ws://127.0.0.1:${port}/ocpp/${encodeURIComponent(id)}`, [protocol]);
        stations.push(station);
        return station;
      },
      stop: async () => {
        await Promise.allSettled(stations.map((s) => s.close()));
        await gateway.stop();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Issue #14, part 3, on the all-in-one adapters; the Kafka twin is apps/e2e/src/service-fuzz.quiet.int-spec.ts. */
serviceFuzzSuite({ adapter: 'in-process (all-in-one)', start: startInProcess });
