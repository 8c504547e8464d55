import { Module, type DynamicModule, type FactoryProvider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { InboundDispatcher, type ServicePorts } from '@voltlane/service-kit';
import type { StationServiceConfig } from './config/station-service-config';
import { CertificateAuthority } from './certificates/certificate-authority';
import { CertificateRequestStore } from './certificates/certificate-request.store';
import { CertificateSigningService } from './certificates/certificate-signing.service';
import { PNC_SERVICES, openPncServices, type PncServices } from './pnc/pnc-services';
import { stationHandlers } from './handlers/handlers';
import { LastSeenObserver } from './observers/last-seen.observer';
import { BootPolicyService } from './services/boot-policy.service';
import { BootService } from './services/boot.service';
import { CommandResultsConsumer } from './services/command-results.consumer';
import { ConnectionEventsConsumer } from './services/connection-events.consumer';
import { CredentialService } from './services/credential.service';
import { EventService } from './services/event.service';
import { FaultService } from './services/fault.service';
import { LastSeenTracker } from './services/last-seen-tracker';
import { OfflineMonitor } from './services/offline-monitor';
import { ReportService } from './services/report.service';
import { StationQueryService } from './services/station-query.service';
import { StationLimitsService } from './services/station-limits.service';
import { StationRecordsService } from './services/station-records.service';
import { StatusService } from './services/status.service';

/** What the module is built from: opened by `startStationService`, owned and closed there. */
export interface StationServiceDeps {
  config: StationServiceConfig;
  dataSource: DataSource;
  ports: ServicePorts;
  logger: Logger;
}

export const STATION_SERVICE_DEPS = Symbol('StationServiceDeps');

function provide<T>(token: abstract new (...args: never[]) => T, build: (deps: StationServiceDeps) => T): FactoryProvider<T> {
  return { provide: token, useFactory: build, inject: [STATION_SERVICE_DEPS] };
}

/**
 * The NestJS composition root. The services are framework-free classes; this module only wires
 * them (the HTTP operator API is `stationApiModule`, src/api, served from the handle).
 */
@Module({})
export class StationServiceModule {
  static register(deps: StationServiceDeps): DynamicModule {
    const { config } = deps;
    const providers = [
      { provide: STATION_SERVICE_DEPS, useValue: deps },
      provide(BootService, (d) => new BootService(d.dataSource, d.ports.bootStatus, config.boot, d.logger)),
      provide(BootPolicyService, (d) => new BootPolicyService(d.dataSource)),
      provide(FaultService, (d) => new FaultService(d.dataSource, d.ports.publisher, config.service.topics.StationFaults)),
      {
        provide: StatusService,
        inject: [STATION_SERVICE_DEPS, FaultService],
        useFactory: (d: StationServiceDeps, faults: FaultService) => new StatusService(d.dataSource, d.ports.publisher, config.service.topics.StationStatus, faults),
      },
      {
        provide: OfflineMonitor,
        inject: [STATION_SERVICE_DEPS, FaultService],
        useFactory: (d: StationServiceDeps, faults: FaultService) =>
          new OfflineMonitor(d.dataSource, faults, { ...config.offline, heartbeatIntervalS: config.boot.heartbeatIntervalS }, d.logger),
      },
      provide(EventService, (d) => new EventService(d.dataSource)),
      provide(StationLimitsService, (d) => new StationLimitsService(d.dataSource, d.ports.limits, d.logger)),
      {
        provide: ReportService,
        inject: [STATION_SERVICE_DEPS, StationLimitsService],
        useFactory: (d: StationServiceDeps, limits: StationLimitsService) => new ReportService(d.dataSource, limits),
      },
      provide(StationRecordsService, (d) => new StationRecordsService(d.dataSource)),
      { provide: PNC_SERVICES, inject: [STATION_SERVICE_DEPS], useFactory: (d: StationServiceDeps) => openPncServices(config, d.logger) },
      {
        provide: CertificateSigningService,
        inject: [STATION_SERVICE_DEPS, PNC_SERVICES],
        useFactory: async (d: StationServiceDeps, pnc: PncServices) =>
          new CertificateSigningService(
            new CertificateRequestStore(d.dataSource),
            d.ports.commands,
            config.certificates.ca ? await CertificateAuthority.open(config.certificates.ca) : undefined,
            config.certificates,
            d.logger,
            pnc.v2gCa,
          ),
      },
      provide(StationQueryService, (d) => new StationQueryService(d.dataSource)),
      provide(CredentialService, (d) => new CredentialService(d.dataSource, d.ports.credentials, d.ports.bootStatus, d.logger)),
      provide(LastSeenTracker, (d) => new LastSeenTracker(d.dataSource, config.lastSeenFlushMs, d.logger)),
      {
        provide: ConnectionEventsConsumer,
        inject: [STATION_SERVICE_DEPS, CredentialService],
        useFactory: (d: StationServiceDeps, credentials: CredentialService) =>
          new ConnectionEventsConsumer(d.dataSource, d.ports.subscriber, { groupId: `${config.service.groupId}.connections`, topic: config.service.topics.StationConnections, deadLetters: d.ports.deadLetters }, d.logger, credentials),
      },
      {
        provide: CommandResultsConsumer,
        inject: [STATION_SERVICE_DEPS, CredentialService, StationLimitsService],
        useFactory: (d: StationServiceDeps, credentials: CredentialService, limits: StationLimitsService) =>
          new CommandResultsConsumer(d.dataSource, d.ports.subscriber, { groupId: `${config.service.groupId}.commands`, topic: config.service.topics.OcppCommands, deadLetters: d.ports.deadLetters }, d.logger, credentials, limits),
      },
      {
        provide: InboundDispatcher,
        inject: [STATION_SERVICE_DEPS, BootService, StatusService, EventService, ReportService, StationRecordsService, LastSeenTracker, FaultService, OfflineMonitor, CertificateSigningService, PNC_SERVICES],
        useFactory: (
          d: StationServiceDeps,
          boot: BootService,
          status: StatusService,
          events: EventService,
          reports: ReportService,
          records: StationRecordsService,
          tracker: LastSeenTracker,
          faults: FaultService,
          offline: OfflineMonitor,
          certificates: CertificateSigningService,
          pnc: PncServices,
        ) =>
          new InboundDispatcher(d.ports.subscriber, d.ports.replyChannel, stationHandlers({ boot, status, events, reports, records, faults, certificates, pnc: { ocsp: pnc.ocsp, provider: pnc.provider, logger: d.logger } }), [new LastSeenObserver(tracker, offline)], d.logger, {
            groupId: config.service.groupId,
            topic: config.service.topics.OcppInbound,
            deadLetters: d.ports.deadLetters,
          }),
      },
    ];
    return { module: StationServiceModule, providers, exports: providers.map((p) => p.provide) };
  }
}
