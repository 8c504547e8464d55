import { ConfigError, EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export interface SessionServiceConfig extends ServiceConfig {
  /** How far a station timestamp may lie ahead of the CSMS clock before it is an anomaly. */
  clockSkewMs: number;
  /** Consumer group of the token read model (customers.tokens.v1, from the beginning). */
  tokensGroupId: string;
  /** Consumer group of the tariff replica (billing.tariffs.v1, from the beginning; ADR 0016). */
  tariffsGroupId: string;
  /** Consumer group of the 1.6 running energy (metering.samples.v1, from the beginning). */
  meterSamplesGroupId: string;
  /** OCPP 2.0.1 MasterPassGroupId (MASTER_PASS_GROUP_ID, shared with the customer-service; unset = no master pass). */
  masterPassGroupId: string | undefined;
}

/** Validated once at start-up; a bad variable fails fast, naming it. */
export function loadSessionConfig(env: NodeJS.ProcessEnv): SessionServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, 'session-service', 'session');
  const config: SessionServiceConfig = {
    ...base,
    clockSkewMs: reader.int('SESSION_SERVICE_CLOCK_SKEW_S', 300, { min: 0, max: 86_400 }) * 1000,
    tokensGroupId: `${base.groupId}.tokens`,
    tariffsGroupId: `${base.groupId}.tariffs`,
    meterSamplesGroupId: `${base.groupId}.meter-samples`,
    masterPassGroupId: reader.optionalString('MASTER_PASS_GROUP_ID'),
  };
  if (config.masterPassGroupId !== undefined && config.masterPassGroupId.length > 36) {
    throw new ConfigError('MASTER_PASS_GROUP_ID', `must be at most 36 characters (got ${config.masterPassGroupId.length})`);
  }
  reader.done();
  return config;
}
