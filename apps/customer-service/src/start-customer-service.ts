import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import type { StationCommandClient } from "@voltlane/messaging";
import {
  InboundDispatcher,
  connectServicePorts,
  openServiceDatabase,
  serviceReadiness,
  type ReadinessCheck,
  type RunningService,
  type ServiceStartOptions,
} from "@voltlane/service-kit";
import { loadCustomerServiceConfig } from "./config/customer-service-config";
import { CustomerServiceModule } from "./customer-service.module";
import { LocalListService } from "./domain/local-list.service";
import { TokenService } from "./domain/token.service";
import { TrustStoreService } from "./pnc/trust-store.service";
import { OcppCommandsConsumer } from "./messaging/ocpp-commands.consumer";
import { SessionLifecycleConsumer } from "./messaging/session-lifecycle.consumer";
import { CustomerEntity } from "./persistence/customer.entity";
import { IdTokenEntity } from "./persistence/id-token.entity";
import { SessionTokenEntity } from "./persistence/session-token.entity";
import { customerMigrations } from "./migrations/customer-migrations";

/** The running customer-service: what its operator API (and tests) work with. */
export interface CustomerServiceHandle extends RunningService {
  readonly tokens: TokenService;
  /** Local authorization lists and authorization caches of stations. */
  readonly localLists: LocalListService;
  /** The command client of the ports the service was started with (results go to ocpp.commands.v1). */
  readonly commands: StationCommandClient;
  /** Readiness of the service's dependencies (PostgreSQL, Kafka, Redis) for /health/ready. */
  readonly readiness: ReadinessCheck[];
  /** The ISO 15118 trust store (V2G and MO roots) contract chains are validated against. */
  readonly trustStore: TrustStoreService;
}

/** Starts the customer-service: database (migrated), NestJS context, Authorize consumer, session usage and command result consumers. */
export async function startCustomerService(
  options: ServiceStartOptions,
): Promise<CustomerServiceHandle> {
  const config = loadCustomerServiceConfig(options.env);
  const logger = options.logger;
  const ownPorts = options.ports
    ? undefined
    : await connectServicePorts(config, logger);
  const ports = options.ports ?? ownPorts;
  if (!ports) throw new Error("no service ports");
  const closeOwnPorts = async (): Promise<void> => ownPorts?.close();
  const dataSource = await openServiceDatabase({
    url: config.database.url,
    poolSize: config.database.poolSize,
    schema: config.database.schema,
    entities: [CustomerEntity, IdTokenEntity, SessionTokenEntity],
    migrations: customerMigrations,
  }).catch(async (error: unknown) => {
    await closeOwnPorts();
    throw error;
  });
  const app = await NestFactory.createApplicationContext(
    CustomerServiceModule.register({ config, logger, ports, dataSource }),
    {
      logger: false,
      abortOnError: false,
    },
  ).catch(async (error: unknown) => {
    await dataSource.destroy();
    await closeOwnPorts();
    throw error;
  });
  const dispatcher = app.get(InboundDispatcher);
  const sessions = app.get(SessionLifecycleConsumer);
  const tokens = app.get(TokenService);
  const localLists = app.get(LocalListService);
  const trustStore = app.get(TrustStoreService);
  const commandResults = app.get(OcppCommandsConsumer);
  const close = async (): Promise<void> => {
    await dispatcher.stop();
    await sessions.stop();
    await commandResults.stop();
    await app.close();
    await dataSource.destroy();
    await closeOwnPorts();
  };
  try {
    await sessions.start();
    await commandResults.start();
    await dispatcher.start();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  logger.info(
    { groupId: config.groupId, schema: config.database.schema },
    "customer-service started",
  );
  return {
    name: "customer-service",
    dataSource,
    dispatcher,
    tokens,
    localLists,
    trustStore,
    commands: ports.commands,
    readiness: serviceReadiness(ports, dataSource),
    close,
  };
}
