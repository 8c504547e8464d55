import type { OcppVersion } from '@voltlane/ocpp';

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
  maxPowerW: number;
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
