import { type CatalogGroup } from './action-info';

/** OCPP 2.0.1 by functional block (reference section 3): 64 request/response pairs. */
export const OCPP201_CATALOG: readonly CatalogGroup[] = [
  {
    group: 'A Security',
    stationToCsms: ['SignCertificate', 'SecurityEventNotification'],
    csmsToStation: ['CertificateSigned'],
  },
  {
    group: 'B Provisioning',
    stationToCsms: ['BootNotification', 'NotifyReport'],
    csmsToStation: ['GetBaseReport', 'GetReport', 'GetVariables', 'SetVariables', 'SetNetworkProfile', 'Reset'],
  },
  { group: 'C Authorization', stationToCsms: ['Authorize'], csmsToStation: ['ClearCache'] },
  { group: 'D LocalAuthorizationList', csmsToStation: ['SendLocalList', 'GetLocalListVersion'] },
  { group: 'E Transactions', stationToCsms: ['TransactionEvent'], csmsToStation: ['GetTransactionStatus'] },
  {
    group: 'F RemoteControl',
    csmsToStation: ['RequestStartTransaction', 'RequestStopTransaction', 'UnlockConnector', 'TriggerMessage'],
  },
  {
    group: 'G Availability',
    stationToCsms: ['StatusNotification', 'Heartbeat'],
    csmsToStation: ['ChangeAvailability'],
  },
  {
    group: 'H Reservation',
    stationToCsms: ['ReservationStatusUpdate'],
    csmsToStation: ['ReserveNow', 'CancelReservation'],
  },
  { group: 'I TariffAndCost', csmsToStation: ['CostUpdated'] },
  { group: 'J MeterValues', stationToCsms: ['MeterValues'] },
  {
    group: 'K SmartCharging',
    stationToCsms: [
      'ReportChargingProfiles',
      'NotifyChargingLimit',
      'ClearedChargingLimit',
      'NotifyEVChargingNeeds',
      'NotifyEVChargingSchedule',
    ],
    csmsToStation: ['SetChargingProfile', 'GetChargingProfiles', 'ClearChargingProfile', 'GetCompositeSchedule'],
  },
  {
    group: 'L FirmwareManagement',
    stationToCsms: ['FirmwareStatusNotification', 'PublishFirmwareStatusNotification'],
    // PublishFirmware / UnpublishFirmware go to a Local Controller.
    csmsToStation: ['UpdateFirmware', 'PublishFirmware', 'UnpublishFirmware'],
  },
  {
    group: 'M ISO15118CertificateManagement',
    stationToCsms: ['Get15118EVCertificate', 'GetCertificateStatus'],
    csmsToStation: ['InstallCertificate', 'GetInstalledCertificateIds', 'DeleteCertificate'],
  },
  {
    group: 'N Diagnostics',
    stationToCsms: ['LogStatusNotification', 'NotifyEvent', 'NotifyMonitoringReport', 'NotifyCustomerInformation'],
    csmsToStation: [
      'GetLog',
      'SetMonitoringBase',
      'SetMonitoringLevel',
      'SetVariableMonitoring',
      'ClearVariableMonitoring',
      'GetMonitoringReport',
      'CustomerInformation',
    ],
  },
  {
    group: 'O DisplayMessage',
    stationToCsms: ['NotifyDisplayMessages'],
    csmsToStation: ['SetDisplayMessage', 'GetDisplayMessages', 'ClearDisplayMessage'],
  },
  { group: 'P DataTransfer', both: ['DataTransfer'] },
];
