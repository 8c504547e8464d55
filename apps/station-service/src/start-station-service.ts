import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { StationCommandClient } from '@voltlane/messaging';
import type { DataSource } from 'typeorm';
import { connectServicePorts, InboundDispatcher, openServiceDatabase, type RunningService, type ServicePorts, type ServiceStartOptions } from '@voltlane/service-kit';
import { loadStationServiceConfig } from './config/station-service-config';
import { STATION_ENTITIES } from './entities/station-entities';
import { InitialStationSchema1735700000000 } from './migrations/1735700000000-initial-station-schema';
import { StationCommands1764100000000 } from './migrations/1764100000000-station-commands';
import { StationFaults1764200000000 } from './migrations/1764200000000-station-faults';
import { StationFiles1764200000001 } from './migrations/1764200000001-station-files';
import { CertificateSigning1764200000002 } from './migrations/1764200000002-certificate-signing';
import { PendingCredentials1765000000000 } from './migrations/1765000000000-pending-credentials';
import { createStationFiles, type StationFiles } from './files/station-files';
import { BootPolicyService } from './services/boot-policy.service';
import { CommandResultsConsumer } from './services/command-results.consumer';
import { ConnectionEventsConsumer } from './services/connection-events.consumer';
import { CredentialService } from './services/credential.service';
import { FaultService } from './services/fault.service';
import { LastSeenTracker } from './services/last-seen-tracker';
import { OfflineMonitor } from './services/offline-monitor';
import { StationLimitsService } from './services/station-limits.service';
import { StationQueryService } from './services/station-query.service';
import { StationServiceModule } from './station-service.module';
import { CertificateSigningService } from './certificates/certificate-signing.service';

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
  /** Diagnostics/log upload slots and firmware images, on the configured file store. */
  readonly files: StationFiles;
  /** Writes the lastSeen timestamps collected so far now (they are otherwise batched). */
  flushLastSeen(): Promise<void>;
  /** Fault records (open/resolve, published on `stations.faults.v1`). */
  readonly faults: FaultService;
  /** Offline detection (a sweep every STATION_OFFLINE_SWEEP_MS). */
  readonly offline: OfflineMonitor;
}

export const STATION_SERVICE_MIGRATIONS = [InitialStationSchema1735700000000, StationCommands1764100000000, StationFaults1764200000000, StationFiles1764200000001, CertificateSigning1764200000002, PendingCredentials1765000000000];

export async function startStationService(options: ServiceStartOptions): Promise<StationServiceHandle> {
  const config = loadStationServiceConfig(options.env);
  const logger = options.logger;
  const dataSource: DataSource = await openServiceDatabase({
    url: config.service.database.url,
    poolSize: config.service.database.poolSize,
    schema: config.service.database.schema,
    entities: STATION_ENTITIES,
    migrations: STATION_SERVICE_MIGRATIONS,
  });
  let ports: ServicePorts | undefined = options.ports;
  const ownPorts = ports === undefined;
  try {
    ports ??= await connectServicePorts(config.service, logger);
    const files = createStationFiles(config.files, dataSource);
    const app = await NestFactory.createApplicationContext(StationServiceModule.register({ config, dataSource, ports, logger }), {
      logger: false,
      abortOnError: false,
    });
    const credentials = app.get(CredentialService);
    const tracker = app.get(LastSeenTracker);
    const offline = app.get(OfflineMonitor);
    const connections = app.get(ConnectionEventsConsumer);
    const dispatcher = app.get(InboundDispatcher);
    const commandResults = app.get(CommandResultsConsumer);
    const certificates = app.get(CertificateSigningService);
    await credentials.republish();
    await app.get(StationLimitsService).republish();
    tracker.start();
    offline.start();
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
        await certificates.close();
        await offline.stop();
        await app.close();
        files.close();
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
      files,
      flushLastSeen: () => tracker.flush(),
      faults: app.get(FaultService),
      offline,
      close,
    };
  } catch (error) {
    if (ownPorts) await ports?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
