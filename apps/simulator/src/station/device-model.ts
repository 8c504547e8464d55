import { ConfigurationStore, type SettingDefinition } from './configuration-store';
import { measurandsValue, type StationOptions } from './station-options';

export const SUPPORTED_MEASURANDS_2X = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'SoC',
  'Current.Import',
  'Voltage',
] as const;
export type Measurand2x = (typeof SUPPORTED_MEASURANDS_2X)[number];

/** Key of a device-model variable in the store: `<Component>.<Variable>`. */
export function variableKey(component: string, variable: string): string {
  return `${component}.${variable}`;
}

/** The small 2.x device model the simulator exposes through Get/SetVariables and GetBaseReport. */
export function deviceModel(o: StationOptions): ConfigurationStore {
  const measurands = { type: 'csv', allowed: SUPPORTED_MEASURANDS_2X } as const;
  const ro = (value: string, type: SettingDefinition['type'] = 'string'): SettingDefinition => ({ value, type, readonly: true });
  return new ConfigurationStore({
    'ChargingStation.Model': ro(o.model),
    'ChargingStation.VendorName': ro(o.vendor),
    'ChargingStation.Available': ro('true', 'bool'),
    'SecurityCtrlr.Identity': ro(o.id),
    'SecurityCtrlr.SecurityProfile': ro(String(o.securityProfile), 'int'),
    'OCPPCommCtrlr.HeartbeatInterval': { type: 'int', value: String(o.heartbeatFallbackS), min: 1 },
    'OCPPCommCtrlr.MessageTimeout': { type: 'int', value: String(Math.ceil(o.callTimeoutMs / 1000)), min: 1 },
    'OCPPCommCtrlr.RetryBackOffWaitMinimum': { type: 'int', value: String(Math.ceil(o.reconnectMinMs / 1000)) },
    'OCPPCommCtrlr.WebSocketPingInterval': { type: 'int', value: '0' },
    'SampledDataCtrlr.TxUpdatedInterval': { type: 'int', value: String(o.sampleIntervalS), min: 1 },
    'SampledDataCtrlr.TxStartedMeasurands': { ...measurands, value: 'Energy.Active.Import.Register,SoC' },
    'SampledDataCtrlr.TxUpdatedMeasurands': {
      ...measurands,
      value: measurandsValue(o, 'sampledMeasurands', SUPPORTED_MEASURANDS_2X, 'Energy.Active.Import.Register,Power.Active.Import,SoC'),
    },
    'SampledDataCtrlr.TxEndedMeasurands': { ...measurands, value: 'Energy.Active.Import.Register' },
    'AlignedDataCtrlr.Interval': { type: 'int', value: String(o.alignedIntervalS) },
    'AlignedDataCtrlr.Measurands': {
      ...measurands,
      value: measurandsValue(o, 'alignedMeasurands', SUPPORTED_MEASURANDS_2X, 'Energy.Active.Import.Register'),
    },
    'AuthCtrlr.AuthorizeRemoteStart': { type: 'bool', value: 'false' },
    'AuthCacheCtrlr.Enabled': { type: 'bool', value: 'true' },
    'LocalAuthListCtrlr.Enabled': { type: 'bool', value: 'true' },
    'LocalAuthListCtrlr.ItemsPerMessage': ro('250', 'int'),
    'TxCtrlr.StopTxOnInvalidId': { type: 'bool', value: 'true' },
    'TxCtrlr.EVConnectionTimeOut': { type: 'int', value: '60', min: 1 },
    'ReservationCtrlr.Enabled': ro('true', 'bool'),
    'SmartChargingCtrlr.Enabled': ro('true', 'bool'),
    'SmartChargingCtrlr.ProfileStackLevel': ro('10', 'int'),
    'SmartChargingCtrlr.PeriodsPerSchedule': ro('24', 'int'),
  });
}
