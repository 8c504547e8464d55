import { BootNotificationEntity } from './boot-notification.entity';
import { CertificateSigningRequestEntity } from './certificate-signing-request.entity';
import { ConfigurationKeyEntity } from './configuration-key.entity';
import { ConnectorStatusHistoryEntity } from './connector-status-history.entity';
import { ConnectorEntity } from './connector.entity';
import { DataTransferRequestEntity } from './data-transfer-request.entity';
import { DeviceReportPartEntity } from './device-report-part.entity';
import { DeviceReportEntity } from './device-report.entity';
import { DeviceVariableEntity } from './device-variable.entity';
import { DiagnosticsStatusHistoryEntity } from './diagnostics-status-history.entity';
import { FirmwareStatusHistoryEntity } from './firmware-status-history.entity';
import { LogStatusHistoryEntity } from './log-status-history.entity';
import { SecurityEventEntity } from './security-event.entity';
import { StationCredentialEntity } from './station-credential.entity';
import { StationEventEntity } from './station-event.entity';
import { StationEntity } from './station.entity';
import { StationCommandRecordEntity } from './station-command-record.entity';
import { AvailabilityEntity } from './availability.entity';
import { StationFaultEntity, StationFaultReportEntity } from './station-fault.entity';
import { StationUploadEntity } from './station-upload.entity';
import { FirmwareImageEntity } from './firmware-image.entity';

/** Every entity of the station schema, for the DataSource. */
export const STATION_ENTITIES = [
  StationEntity,
  BootNotificationEntity,
  ConnectorEntity,
  ConnectorStatusHistoryEntity,
  StationEventEntity,
  DeviceReportEntity,
  DeviceReportPartEntity,
  DeviceVariableEntity,
  FirmwareStatusHistoryEntity,
  DiagnosticsStatusHistoryEntity,
  LogStatusHistoryEntity,
  SecurityEventEntity,
  CertificateSigningRequestEntity,
  DataTransferRequestEntity,
  ConfigurationKeyEntity,
  StationCredentialEntity,
  StationCommandRecordEntity,
  AvailabilityEntity,
  StationFaultEntity,
  StationFaultReportEntity,
  StationUploadEntity,
  FirmwareImageEntity,
];
