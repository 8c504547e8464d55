import { type CatalogGroup } from './action-info';
import { OCPP201_CATALOG } from './ocpp201.catalog';

/**
 * OCPP 2.1 additions (reference section 4): 26 CALL pairs and 1 SEND. No 2.0.1 message was
 * removed, so 2.1 is the 2.0.1 catalog plus these. Block letters for the new messages follow
 * the 2.1 use-case ids where known; groups are informational only.
 */
const OCPP21_ADDITIONS: readonly CatalogGroup[] = [
  {
    // Payments, use cases C17–C25.
    group: 'C Authorization',
    stationToCsms: ['NotifySettlement', 'VatNumberValidation'],
    // Direction is disputed between implementations (reference 4 "(?)"). The payload (evseId plus
    // a timeout after which no web-payment result is to be expected) is information for the
    // station, which waits for the payment result: the CSMS sends it.
    csmsToStation: ['NotifyWebPaymentStarted'],
  },
  {
    group: 'I TariffAndCost',
    csmsToStation: ['SetDefaultTariff', 'GetTariffs', 'ClearTariffs', 'ChangeTransactionTariff'],
  },
  {
    // Priority charging and dynamic charging profiles (ocpp-go files these under smart charging).
    group: 'K SmartCharging',
    stationToCsms: ['NotifyPriorityCharging', 'PullDynamicScheduleUpdate'],
    csmsToStation: ['UsePriorityCharging', 'UpdateDynamicSchedule'],
  },
  { group: 'M ISO15118CertificateManagement', stationToCsms: ['GetCertificateChainStatus'] },
  {
    // Periodic event streams, use cases N11–N15.
    group: 'N Diagnostics',
    stationToCsms: ['OpenPeriodicEventStream', 'ClosePeriodicEventStream'],
    csmsToStation: ['GetPeriodicEventStream', 'AdjustPeriodicEventStream'],
    sendFromStation: ['NotifyPeriodicEventStream'],
  },
  { group: 'Q BidirectionalPowerTransfer', csmsToStation: ['NotifyAllowedEnergyTransfer', 'AFRRSignal'] },
  {
    group: 'R DERControl',
    stationToCsms: ['ReportDERControl', 'NotifyDERAlarm', 'NotifyDERStartStop'],
    csmsToStation: ['SetDERControl', 'GetDERControl', 'ClearDERControl'],
  },
  { group: 'S BatterySwapping', stationToCsms: ['BatterySwap'], csmsToStation: ['RequestBatterySwap'] },
];

export const OCPP21_CATALOG: readonly CatalogGroup[] = [...OCPP201_CATALOG, ...OCPP21_ADDITIONS];
