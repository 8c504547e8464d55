import type { Logger } from 'pino';
import type { OcspClient } from '@voltlane/pki';
import type { OcppCallHandler } from '@voltlane/service-kit';
import type { ContractCertificateProvider } from '../application/pnc/contract-certificate-provider';
import type { CertificateSigningService } from '../application/certificates/certificate-signing.service';
import type { BootService } from '../application/boot.service';
import type { EventService } from '../application/event.service';
import type { FaultService } from '../application/fault.service';
import type { ReportService } from '../application/report.service';
import type { StationRecordsService } from '../application/station-records.service';
import type { StatusService } from '../application/status.service';
import { BootNotificationHandler } from './boot-notification.handler';
import { DataTransferHandler } from './data-transfer.handler';
import { DiagnosticsStatusNotificationHandler } from './diagnostics-status-notification.handler';
import { FirmwareStatusNotificationHandler } from './firmware-status-notification.handler';
import { Get15118EVCertificateHandler } from './get-15118-ev-certificate.handler';
import { GetCertificateStatusHandler } from './get-certificate-status.handler';
import { HeartbeatHandler } from './heartbeat.handler';
import { LogStatusNotificationHandler } from './log-status-notification.handler';
import { NotSupportedHandler } from './not-supported.handler';
import { NotifyCustomerInformationHandler } from './notify-customer-information.handler';
import { NotifyDisplayMessagesHandler } from './notify-display-messages.handler';
import { NotifyEventHandler } from './notify-event.handler';
import { NotifyMonitoringReportHandler } from './notify-monitoring-report.handler';
import { NotifyReportHandler } from './notify-report.handler';
import { PublishFirmwareStatusNotificationHandler } from './publish-firmware-status-notification.handler';
import { SecurityEventNotificationHandler } from './security-event-notification.handler';
import { SignCertificateHandler } from './sign-certificate.handler';
import { SignedFirmwareStatusNotificationHandler } from './signed-firmware-status-notification.handler';
import { StatusNotificationHandler } from './status-notification.handler';

/** 2.1 station→CSMS actions no service implements yet: answered NotSupported. */
export const NOT_SUPPORTED_2_1 = [
  'BatterySwap',
  'ClosePeriodicEventStream',
  'GetCertificateChainStatus',
  'NotifyDERAlarm',
  'NotifyDERStartStop',
  'NotifyPriorityCharging',
  'NotifySettlement',
  'OpenPeriodicEventStream',
  'PullDynamicScheduleUpdate',
  'ReportDERControl',
  'VatNumberValidation',
] as const;

export interface HandlerServices {
  boot: BootService;
  status: StatusService;
  events: EventService;
  reports: ReportService;
  records: StationRecordsService;
  certificates: CertificateSigningService;
  faults: FaultService;
  /** Plug & Charge: OCSP for GetCertificateStatus, the contract-certificate provider for Get15118EVCertificate. */
  pnc: { ocsp: OcspClient; provider: ContractCertificateProvider; logger: Logger };
}

/** The station-service's handler table: one handler per action (a test checks it against the contract). */
export function stationHandlers(s: HandlerServices): OcppCallHandler[] {
  return [
    new BootNotificationHandler(s.boot),
    new HeartbeatHandler(),
    new StatusNotificationHandler(s.status),
    new NotifyEventHandler(s.events, s.status, s.faults),
    new NotifyReportHandler(s.reports),
    new NotifyMonitoringReportHandler(s.reports),
    new NotifyCustomerInformationHandler(s.reports),
    new NotifyDisplayMessagesHandler(s.reports),
    new FirmwareStatusNotificationHandler(s.records),
    new SignedFirmwareStatusNotificationHandler(s.records),
    new PublishFirmwareStatusNotificationHandler(s.records),
    new DiagnosticsStatusNotificationHandler(s.records),
    new LogStatusNotificationHandler(s.records),
    new SecurityEventNotificationHandler(s.records, s.faults),
    new SignCertificateHandler(s.certificates),
    new Get15118EVCertificateHandler(s.pnc.provider, s.pnc.logger),
    new GetCertificateStatusHandler(s.pnc.ocsp, s.pnc.logger),
    new DataTransferHandler(s.records),
    ...NOT_SUPPORTED_2_1.map((action) => new NotSupportedHandler(action, ['ocpp2.1'])),
  ];
}
