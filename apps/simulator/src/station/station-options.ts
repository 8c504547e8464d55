import type { OcppVersion } from '@voltlane/ocpp';
import type { Phases } from './meter';

/** A station's intervals, time-outs and reconnect policy (the CLI sets them for the whole fleet). */
export interface StationTimings {
  sampleIntervalS: number;
  alignedIntervalS: number;
  heartbeatFallbackS: number;
  callTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  bootOnReconnect: boolean;
}

/** Per-station settings (derived from the CLI options by the fleet, or built directly in tests). */
export interface StationOptions extends StationTimings {
  /** Charge-point identity; appended to `baseUrl`. */
  id: string;
  baseUrl: string;
  protocol: OcppVersion;
  password?: string;
  securityProfile: 0 | 1 | 2 | 3;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean };
  connectors: number;
  /** Rating of each connector and most power of a 3-phase vehicle, W. */
  maxPowerW: number;
  /** Most current per phase a vehicle draws, A (default maxPowerW / (230 V × 3); a 1-phase vehicle draws it on L1). */
  maxCurrentA?: number;
  /** Share (0–1) of new sessions whose vehicle charges on one phase (L1); the rest are 3-phase. Default 0. */
  onePhaseShare?: number;
  /** Phases of every vehicle on each connector / EVSE (index = its id − 1); wins over onePhaseShare where given. */
  connectorPhases?: readonly Phases[];
  /**
   * Measurands of the periodic samples, instead of the default Energy.Active.Import.Register,
   * Power.Active.Import, SoC: 1.6 MeterValuesSampledData, 2.x SampledDataCtrlr.TxUpdatedMeasurands.
   * Current.Import is sent per phase (L1, L2, L3). The interval is `sampleIntervalS`.
   */
  sampledMeasurands?: readonly string[];
  /** Measurands of the clock-aligned samples (1.6 MeterValuesAlignedData, 2.x AlignedDataCtrlr.Measurands); default: the energy register. */
  alignedMeasurands?: readonly string[];
  batteryWh: number;
  sessionSeconds: number;
  /** Transaction messages: sends in all after a CALLERROR / time-out, and the retry interval (n-th retry waits n ×). Default 3 × 30 s. */
  transactionRetry?: { attempts: number; intervalMs: number };
  /** idTag / idToken this station's sessions use unless the CSMS names one. */
  idTag: string;
  vendor: string;
  model: string;
}

/** Observes every frame a station sends (`out`) or receives (`in`), e.g. to validate it in tests. */
export type FrameTap = (direction: 'out' | 'in', station: { id: string; protocol: OcppVersion }, text: string) => void;

/** Fills the settings a test usually does not care about. */
export function stationOptions(overrides: Partial<StationOptions> & Pick<StationOptions, 'id' | 'baseUrl' | 'protocol'>): StationOptions {
  return {
    securityProfile: overrides.password ? 1 : 0,
    connectors: 2,
    maxPowerW: 22_000,
    batteryWh: 60_000,
    sessionSeconds: 1800,
    sampleIntervalS: 60,
    alignedIntervalS: 0,
    heartbeatFallbackS: 300,
    callTimeoutMs: 30_000,
    reconnectMinMs: 1_000,
    reconnectMaxMs: 60_000,
    bootOnReconnect: false,
    idTag: `TAG-${overrides.id}`.slice(0, 20),
    vendor: 'Voltlane',
    model: 'Simulator',
    ...overrides,
  };
}

/** The csv value of a measurand setting: the option (`sampledMeasurands` or `alignedMeasurands`) when given (each one `supported`), else `fallback`. */
export function measurandsValue(
  options: Pick<StationOptions, 'sampledMeasurands' | 'alignedMeasurands'>,
  option: 'sampledMeasurands' | 'alignedMeasurands',
  supported: readonly string[],
  fallback: string,
): string {
  const given = options[option];
  if (given === undefined) return fallback;
  const bad = given.find((m) => !supported.includes(m));
  if (bad !== undefined) throw new Error(`${option}: '${bad}' is not one of ${supported.join(', ')}`);
  return given.join(',');
}
