import { EnvReader, type Env } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';
import { loadCertificateSigningConfig, type CertificateSigningConfig } from '../certificates/certificate-signing-config';
import type { BootPolicyConfig, PolicySetting } from '../domain/boot-policy';
import { loadFilesConfig, type FilesConfig } from '../files/files-config';
import { loadPncConfig, type PncConfig } from '../pnc/pnc-config';

const POLICY_SETTINGS: readonly PolicySetting[] = ['accept', 'pending', 'reject'];

/** Everything the station-service reads from its environment, validated once at start-up. */
export interface StationServiceConfig {
  service: ServiceConfig;
  boot: BootPolicyConfig;
  /** How often the lastSeen timestamps collected from inbound frames are written, in ms. */
  lastSeenFlushMs: number;
  /** Offline detection: silence tolerated beyond the heartbeat interval (s) and how often it is checked (ms). */
  offline: { graceS: number; sweepMs: number };
  /** Diagnostics/log uploads and firmware images (FILES_*, FILE_STORE, S3_*: see loadFilesConfig). */
  files: FilesConfig;
  /** Signing stations' CSRs (STATION_SERVICE_CA_*, see loadCertificateSigningConfig). */
  certificates: CertificateSigningConfig;
  /** Plug & Charge: OCSP (GetCertificateStatus) and the contract-certificate provider (STATION_SERVICE_PNC_*, see loadPncConfig). */
  pnc: PncConfig;
}

/**
 * - `STATION_SERVICE_UNKNOWN_STATIONS` (accept|pending|reject, default pending): stations that
 *   boot without being provisioned are registered with this policy.
 * - `STATION_SERVICE_DEFAULT_BOOT_POLICY` (accept|pending|reject, default accept): provisioned
 *   stations (credentials or policy set through this service) without a policy of their own.
 * - `STATION_SERVICE_HEARTBEAT_INTERVAL_S` (default 300): `interval` of an Accepted boot.
 * - `STATION_SERVICE_BOOT_RETRY_INTERVAL_S` (default 60): `interval` of a Pending/Rejected boot.
 * - `STATION_SERVICE_LAST_SEEN_FLUSH_MS` (default 5000).
 * - `STATION_OFFLINE_GRACE_SECONDS` (default 60): a station silent for longer than its heartbeat
 *   interval plus this is marked offline with an open `Offline` fault.
 * - `STATION_OFFLINE_SWEEP_MS` (default 30000): how often silent stations are looked for.
 * Throws a ConfigError naming every bad variable.
 */
export function loadStationServiceConfig(vars: Env): StationServiceConfig {
  const env = new EnvReader(vars);
  const service = loadServiceConfig(env, 'station-service', 'station');
  const config: StationServiceConfig = {
    service,
    boot: {
      unknownStations: env.oneOf('STATION_SERVICE_UNKNOWN_STATIONS', POLICY_SETTINGS, 'pending'),
      defaultPolicy: env.oneOf('STATION_SERVICE_DEFAULT_BOOT_POLICY', POLICY_SETTINGS, 'accept'),
      heartbeatIntervalS: env.int('STATION_SERVICE_HEARTBEAT_INTERVAL_S', 300, { min: 1, max: 86_400 }),
      retryIntervalS: env.int('STATION_SERVICE_BOOT_RETRY_INTERVAL_S', 60, { min: 1, max: 86_400 }),
    },
    lastSeenFlushMs: env.int('STATION_SERVICE_LAST_SEEN_FLUSH_MS', 5_000, { min: 10, max: 600_000 }),
    offline: {
      graceS: env.int('STATION_OFFLINE_GRACE_SECONDS', 60, { min: 0, max: 86_400 }),
      sweepMs: env.int('STATION_OFFLINE_SWEEP_MS', 30_000, { min: 100, max: 3_600_000 }),
    },
    files: loadFilesConfig(env),
    certificates: loadCertificateSigningConfig(env),
    pnc: loadPncConfig(env),
  };
  env.done();
  return config;
}
