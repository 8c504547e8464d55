import { EnvReader, type Env } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';
import { loadCertificateSigningConfig, type CertificateSigningConfig } from './certificate-signing-config';
import type { BootPolicyConfig, PolicySetting } from '../domain/boot-policy';
import { loadFilesConfig, type FilesConfig } from './files-config';
import { loadPncConfig, type PncConfig } from './pnc-config';

const POLICY_SETTINGS: readonly PolicySetting[] = ['accept', 'pending', 'reject'];

/** Everything the station-service reads from its environment, validated once at start-up. */
export interface StationServiceConfig {
  service: ServiceConfig;
  boot: BootPolicyConfig;
  /** How often the lastSeen timestamps collected from inbound frames are written, in ms. */
  lastSeenFlushMs: number;
  /** Offline detection: silence tolerated beyond the heartbeat interval (s) and how often it is checked (ms). */
  offline: { graceS: number; sweepMs: number };
  /** Diagnostics/log uploads and firmware images (FILES_*, S3_*: see loadFilesConfig). */
  files: FilesConfig;
  /** Signing stations' CSRs (STATION_SERVICE_CA_*, see loadCertificateSigningConfig). */
  certificates: CertificateSigningConfig;
  /** Plug & Charge: OCSP (GetCertificateStatus) and the contract-certificate provider (STATION_SERVICE_PNC_*, see loadPncConfig). */
  pnc: PncConfig;
  /** The OCPP message log (`ocpp.frames.v1`): whole days of frames are kept this many days after they end. */
  messageLog: { retentionDays: number };
}

/** Everything the station-service reads; throws a ConfigError naming every bad variable. */
export function loadStationServiceConfig(vars: Env): StationServiceConfig {
  const env = new EnvReader(vars);
  const service = loadServiceConfig(env, 'station-service', 'station');
  const config: StationServiceConfig = {
    service,
    boot: {
      unknownStations: env.oneOf(
        'STATION_SERVICE_UNKNOWN_STATIONS',
        POLICY_SETTINGS,
        'pending',
        'Boot policy a station gets when it boots without being provisioned (it is registered with it).',
      ),
      defaultPolicy: env.oneOf(
        'STATION_SERVICE_DEFAULT_BOOT_POLICY',
        POLICY_SETTINGS,
        'accept',
        'Boot policy of provisioned stations (credentials or policy set through the API) without one of their own.',
      ),
      heartbeatIntervalS: env.int(
        'STATION_SERVICE_HEARTBEAT_INTERVAL_S',
        300,
        { min: 1, max: 86_400 },
        '`interval` of an Accepted BootNotification: how often the station sends Heartbeat.',
      ),
      retryIntervalS: env.int(
        'STATION_SERVICE_BOOT_RETRY_INTERVAL_S',
        60,
        { min: 1, max: 86_400 },
        '`interval` of a Pending or Rejected BootNotification: when the station boots again.',
      ),
    },
    lastSeenFlushMs: env.int(
      'STATION_SERVICE_LAST_SEEN_FLUSH_MS',
      5_000,
      { min: 10, max: 600_000 },
      'How often the last-seen times collected from inbound frames are written.',
    ),
    offline: {
      graceS: env.int(
        'STATION_SERVICE_OFFLINE_GRACE_S',
        60,
        { min: 0, max: 86_400 },
        {
          doc: 'A station silent for longer than its heartbeat interval plus this is marked offline, with an open `Offline` fault.',
          deprecated: ['STATION_OFFLINE_GRACE_SECONDS'],
        },
      ),
      sweepMs: env.int(
        'STATION_SERVICE_OFFLINE_SWEEP_MS',
        30_000,
        { min: 100, max: 3_600_000 },
        {
          doc: 'How often silent stations are looked for.',
          deprecated: ['STATION_OFFLINE_SWEEP_MS'],
        },
      ),
    },
    files: loadFilesConfig(env),
    certificates: loadCertificateSigningConfig(env),
    pnc: loadPncConfig(env),
    messageLog: {
      retentionDays: env.int(
        'STATION_SERVICE_MESSAGE_LOG_RETENTION_DAYS',
        7,
        { min: 1, max: 3650 },
        'Days the OCPP message log (every frame in and out, `GET /api/v1/stations/{stationId}/messages`) keeps frames: a day of frames is dropped once it ended this long ago, and frames older than this that arrive late are not stored.',
      ),
    },
  };
  env.done();
  return config;
}
