// Public surface of @voltlane/metering-domain: pure meter-value normalization and energy
// arithmetic (decimal, never float). No I/O, no framework.
export type { MeterValue16, MeterValue2x } from './meter-value-input';
export type { NormalizedSample, SampleInvalidReason, SignedMeterData } from './normalized-sample';
export { DEFAULT_CONTEXT, DEFAULT_LOCATION, DEFAULT_MEASURAND, normalizeMeterValues } from './normalize-meter-values';
export { defaultUnitFor, unitConversion } from './units';
export { ENERGY_REGISTER_MEASURAND, energyDeliveredWh, energyRegisterWh, isEnergyRegisterTotal, latestEnergyRegister } from './energy';
