import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { StationCommandClient } from '@voltlane/messaging';
import type { DataSource } from 'typeorm';
import { connectServicePorts, InboundDispatcher, openServiceDatabase, type RunningService, type ServicePorts, type ServiceStartOptions } from '@voltlane/service-kit';
import { loadStationServiceConfig } from './config/station-service-config';
import { STATION_ENTITIES } from './entities/station-entities';
import { InitialStationSchema1735700000000 } from './migrations/1735700000000-initial-station-schema';
import { StationCommands1764100000000 } from './migrations/1764100000000-station-commands';
import { BootPolicyService } from './services/boot-policy.service';
import { CommandResultsConsumer } from './services/command-results.consumer';
import { ConnectionEventsConsumer } from './services/connection-events.consumer';
import { CredentialService } from './services/credential.service';
import { LastSeenTracker } from './services/last-seen-tracker';
import { StationQueryService } from './services/station-query.service';
import { StationServiceModule } from './station-service.module';

/** The running station-service, with what operators (and tests) use besides the inbound flow. */
export interface StationServiceHandle extends RunningService {
  /** Stations, connectors, status history, events, reports and device model. */
  readonly stations: StationQueryService;
  /** Sets station credentials (DB + the gateway's Redis store). */
  readonly credentials: CredentialService;
  /** Per-station BootNotification policy. */
  readonly policy: BootPolicyService;
  /** The adapters the service was started with (registry, boot status, …). */
  readonly ports: ServicePorts;
  /** Sends CSMS→station commands through whichever gateway holds the station (results go to `ocpp.commands.v1`). */
  readonly commands: StationCommandClient;
  /** Writes the lastSeen timestamps collected so far now (they are otherwise batched). */
  flushLastSeen(): Promise<void>;
}

export const STATION_SERVICE_MIGRATIONS = [InitialStationSchema1735700000000, StationCommands1764100000000];

export async function startStationService(options: ServiceStartOptions): Promise<StationServiceHandle> {
  const config = loadStationServiceConfig(options.env);
  const logger = options.logger;
  const dataSource: DataSource = await openServiceDatabase({
    url: config.service.database.url,
    schema: config.service.database.schema,
    entities: STATION_ENTITIES,
    migrations: STATION_SERVICE_MIGRATIONS,
  });
  let ports: ServicePorts | undefined = options.ports;
  const ownPorts = ports === undefined;
  try {
    ports ??= await connectServicePorts(config.service, logger);
    const app = await NestFactory.createApplicationContext(StationServiceModule.register({ config, dataSource, ports, logger }), {
      logger: false,
      abortOnError: false,
    });
    const credentials = app.get(CredentialService);
    const tracker = app.get(LastSeenTracker);
    const connections = app.get(ConnectionEventsConsumer);
    const dispatcher = app.get(InboundDispatcher);
    const commandResults = app.get(CommandResultsConsumer);
    await credentials.republish();
    tracker.start();
    await connections.start();
    await commandResults.start();
    await dispatcher.start();
    const openPorts = ports;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await dispatcher.stop();
        await connections.stop();
        await commandResults.stop();
        await tracker.stop();
        await app.close();
        if (ownPorts) await openPorts.close();
        await dataSource.destroy();
        logger.info('station-service closed');
      })());
    logger.info({ schema: config.service.database.schema, groupId: config.service.groupId }, 'station-service started');
    return {
      name: 'station-service',
      dataSource,
      dispatcher,
      stations: app.get(StationQueryService),
      credentials,
      policy: app.get(BootPolicyService),
      ports: openPorts,
      commands: openPorts.commands,
      flushLastSeen: () => tracker.flush(),
      close,
    };
  } catch (error) {
    if (ownPorts) await ports?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
