import { defineService, type ServiceHandle } from '@voltlane/service-kit';
import type { StationCommandClient } from '@voltlane/messaging';
import { BootPolicyService } from './application/boot-policy.service';
import { BootService } from './application/boot.service';
import { CertificateAuthority } from './application/certificates/certificate-authority';
import { CertificateSigningService } from './application/certificates/certificate-signing.service';
import { CredentialService } from './application/credential.service';
import { EventService } from './application/event.service';
import { FaultService } from './application/fault.service';
import { createStationFiles, type StationFiles } from './application/files/station-files';
import { LastSeenTracker } from './application/last-seen-tracker';
import { MessageLogRetention } from './application/message-log-retention';
import { MessageLogService } from './application/message-log.service';
import { OfflineMonitor } from './application/offline-monitor';
import { openPncServices } from './application/pnc/pnc-services';
import { ReportService } from './application/report.service';
import { StationLimitsService } from './application/station-limits.service';
import { StationQueryService } from './application/station-query.service';
import { StationRecordsService } from './application/station-records.service';
import { StatusService } from './application/status.service';
import { loadStationServiceConfig, type StationServiceConfig } from './config/station-service-config';
import { stationHandlers } from './handlers/handlers';
import { CommandResultsConsumer } from './messaging/command-results.consumer';
import { ConnectionEventsConsumer } from './messaging/connection-events.consumer';
import { OcppFramesConsumer } from './messaging/ocpp-frames.consumer';
import { stationMigrations } from './migrations/station-migrations';
import { LastSeenObserver } from './observers/last-seen.observer';
import { CertificateRequestStore } from './persistence/certificate-request.store';
import { FramePartitions } from './persistence/frame-partitions';
import { OcppFrameRepository } from './persistence/ocpp-frame.repository';
import { STATION_ENTITIES } from './persistence/station-entities';

/** What the station-service offers besides the RunningService contract (operators and tests use it). */
export interface StationSurface {
  /** Stations, connectors, status history, events, reports and device model. */
  readonly stations: StationQueryService;
  /** Sets station credentials (DB + the gateway's Redis store). */
  readonly credentials: CredentialService;
  /** Per-station BootNotification policy. */
  readonly policy: BootPolicyService;
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
  /** The OCPP message log (`ocpp.frames.v1`): stored frames, their day partitions and retention. */
  readonly messageLog: MessageLogService;
}

/**
 * The station-service (device management): answers the station CALLs `answeringService()` gives
 * it, keeps online state from `stations.connections.v1`, applies the results of its commands from
 * `ocpp.commands.v1`, tracks lastSeen and raises Offline faults, signs station CSRs.
 */
export const stationService = defineService({
  name: 'station-service',
  defaultSchema: 'station',
  loadConfig: loadStationServiceConfig,
  service: (config) => config.service,
  entities: STATION_ENTITIES,
  migrations: stationMigrations,
  compose: async ({ config, dataSource, ports, logger }) => {
    const { groupId, topics } = config.service;
    // Opened first: the only steps of the composition that can fail.
    const pnc = await openPncServices(config, logger);
    const stationCa = config.certificates.ca ? await CertificateAuthority.open(config.certificates.ca) : undefined;

    const faults = new FaultService(dataSource, ports.publisher, topics.StationFaults);
    const limits = new StationLimitsService(dataSource, ports.limits, logger);
    const credentials = new CredentialService(dataSource, ports.credentials, ports.bootStatus, logger);
    const tracker = new LastSeenTracker(dataSource, config.lastSeenFlushMs, logger);
    const offline = new OfflineMonitor(
      dataSource,
      faults,
      { ...config.offline, heartbeatIntervalS: config.boot.heartbeatIntervalS },
      logger,
    );
    const certificates = new CertificateSigningService(
      new CertificateRequestStore(dataSource),
      ports.commands,
      stationCa,
      config.certificates,
      logger,
      pnc.v2gCa,
    );
    const handlers = stationHandlers({
      boot: new BootService(dataSource, ports.bootStatus, config.boot, logger),
      status: new StatusService(dataSource, ports.publisher, topics.StationStatus, faults),
      events: new EventService(dataSource),
      reports: new ReportService(dataSource, limits),
      records: new StationRecordsService(dataSource),
      faults,
      certificates,
      pnc: { ocsp: pnc.ocsp, provider: pnc.provider, logger },
    });
    const connections = new ConnectionEventsConsumer(
      ports,
      dataSource,
      { groupId: `${groupId}.connections`, topic: topics.StationConnections },
      logger,
      credentials,
    );
    const commandResults = new CommandResultsConsumer(
      ports,
      dataSource,
      { groupId: `${groupId}.commands`, topic: topics.OcppCommands },
      logger,
      { credentials, limits },
    );
    const files = createStationFiles(config.files, dataSource);
    const messageLog = new MessageLogService(
      new OcppFrameRepository(dataSource),
      new FramePartitions(dataSource),
      config.messageLog,
      logger,
    );
    const frames = new OcppFramesConsumer(ports, messageLog, { groupId: `${groupId}.message-log`, topic: topics.OcppFrames }, logger);

    return {
      inbound: { handlers, observers: [new LastSeenObserver(tracker, offline)] },
      // The gateway's Redis holds what the database says before any station frame is answered.
      prepare: async () => {
        await credentials.republish();
        await limits.republish();
      },
      // The retention pass makes today's partitions before the frames consumer starts.
      runs: [tracker, offline, connections, commandResults, new MessageLogRetention(messageLog, logger), frames],
      // After the dispatcher stopped: the CSR signing jobs under way finish, then the file store closes.
      release: async () => {
        await certificates.close();
        files.close();
      },
      surface: {
        stations: new StationQueryService(dataSource),
        credentials,
        policy: new BootPolicyService(dataSource),
        commands: ports.commands,
        files,
        flushLastSeen: () => tracker.flush(),
        faults,
        offline,
        messageLog,
      } satisfies StationSurface,
    };
  },
});

export type StationServiceHandle = ServiceHandle<StationServiceConfig, StationSurface>;
