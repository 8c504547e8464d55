import { type CatalogGroup } from './action-info';

/** OCPP 1.6J by feature profile (reference section 2): 28 core-spec + 11 security-whitepaper actions. */
export const OCPP16_CATALOG: readonly CatalogGroup[] = [
  {
    group: 'Core',
    stationToCsms: [
      'Authorize',
      'BootNotification',
      'Heartbeat',
      'MeterValues',
      'StartTransaction',
      'StatusNotification',
      'StopTransaction',
    ],
    csmsToStation: [
      'ChangeAvailability',
      'ChangeConfiguration',
      'ClearCache',
      'GetConfiguration',
      'RemoteStartTransaction',
      'RemoteStopTransaction',
      'Reset',
      'UnlockConnector',
    ],
    both: ['DataTransfer'],
  },
  {
    group: 'FirmwareManagement',
    stationToCsms: ['DiagnosticsStatusNotification', 'FirmwareStatusNotification'],
    csmsToStation: ['GetDiagnostics', 'UpdateFirmware'],
  },
  { group: 'LocalAuthListManagement', csmsToStation: ['GetLocalListVersion', 'SendLocalList'] },
  { group: 'Reservation', csmsToStation: ['ReserveNow', 'CancelReservation'] },
  { group: 'SmartCharging', csmsToStation: ['SetChargingProfile', 'ClearChargingProfile', 'GetCompositeSchedule'] },
  { group: 'RemoteTrigger', csmsToStation: ['TriggerMessage'] },
  {
    group: 'Security',
    stationToCsms: ['SignCertificate', 'SecurityEventNotification', 'LogStatusNotification', 'SignedFirmwareStatusNotification'],
    csmsToStation: [
      'CertificateSigned',
      'InstallCertificate',
      'GetInstalledCertificateIds',
      'DeleteCertificate',
      'ExtendedTriggerMessage',
      'GetLog',
      'SignedUpdateFirmware',
    ],
  },
];
