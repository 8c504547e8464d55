import { readFileSync } from 'node:fs';
import type { OcppVersion } from '@voltlane/ocpp';
import type { SimulatorOptions } from '../cli/args';
import type { Phases } from '../station/meter';
import type { StationOptions } from '../station/station-options';

const MIXED: readonly OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

/** The protocol of the station at `index` (0-based): fixed, or round-robin for `mixed`. */
export function protocolFor(options: Pick<SimulatorOptions, 'protocol'>, index: number): OcppVersion {
  return options.protocol === 'mixed' ? MIXED[index % MIXED.length] : options.protocol;
}

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

/** Reads the TLS files once for the whole fleet (undefined for ws:// URLs). */
export function loadTls(options: SimulatorOptions): TlsMaterial | undefined {
  if (!options.url.startsWith('wss:')) return undefined;
  return {
    rejectUnauthorized: !options.tls.insecure,
    ...(options.tls.caFile ? { ca: readFileSync(options.tls.caFile) } : {}),
    ...(options.tls.certFile ? { cert: readFileSync(options.tls.certFile) } : {}),
    ...(options.tls.keyFile ? { key: readFileSync(options.tls.keyFile) } : {}),
  };
}

/** The phases of the vehicles on each connector of the station at `index`: `list` over the fleet's connectors in order, repeated. */
export function connectorPhasesFor(list: readonly Phases[], connectors: number, index: number): Phases[] {
  return Array.from({ length: connectors }, (_, c) => list[(index * connectors + c) % list.length]);
}

/** Per-station settings for the station at `index` (0-based) of the fleet. */
export function stationOptionsFor(options: SimulatorOptions, index: number, tls: TlsMaterial | undefined): StationOptions {
  const n = options.startIndex + index;
  const id = `${options.idPrefix}-${n}`;
  return {
    id,
    baseUrl: options.url,
    protocol: protocolFor(options, index),
    securityProfile: options.securityProfile,
    connectors: options.connectors,
    maxPowerW: options.maxKw * 1000,
    onePhaseShare: options.onePhaseShare,
    ...(options.maxCurrentA !== undefined ? { maxCurrentA: options.maxCurrentA } : {}),
    ...(options.vehiclePhases ? { connectorPhases: connectorPhasesFor(options.vehiclePhases, options.connectors, index) } : {}),
    ...(options.sampledMeasurands ? { sampledMeasurands: options.sampledMeasurands } : {}),
    batteryWh: options.batteryKwh * 1000,
    sessionSeconds: options.sessionSeconds,
    sampleIntervalS: options.sampleIntervalS,
    alignedIntervalS: options.alignedIntervalS,
    heartbeatFallbackS: options.heartbeatFallbackS,
    callTimeoutMs: options.callTimeoutMs,
    reconnectMinMs: options.reconnectMinMs,
    reconnectMaxMs: options.reconnectMaxMs,
    bootOnReconnect: options.bootOnReconnect,
    transactionRetry: { attempts: options.transactionAttempts, intervalMs: options.transactionRetryMs },
    idTag: `SIM${n}`.slice(0, 20),
    vendor: 'Voltlane',
    model: 'Simulator',
    ...(options.password ? { password: options.password } : {}),
    ...(tls ? { tls } : {}),
  };
}
