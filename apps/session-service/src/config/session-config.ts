import { EnvReader, type Env } from '@voltlane/config';
import { loadServiceConfig, readMasterPassGroupId, type ServiceConfig } from '@voltlane/service-kit';

export const SESSION_SERVICE = 'session-service';
/** The schema used when SESSION_SERVICE_DB_SCHEMA is not set. */
export const SESSION_SCHEMA = 'session';

export interface SessionServiceConfig extends ServiceConfig {
  /** How far a station timestamp may lie ahead of the CSMS clock before it is an anomaly. */
  clockSkewMs: number;
  /** Consumer group of the token read model (customers.tokens.v1, from the beginning). */
  tokensGroupId: string;
  /** Consumer group of the tariff replica (billing.tariffs.v1, from the beginning; ADR 0016). */
  tariffsGroupId: string;
  /** Consumer group of the 1.6 running energy (metering.samples.v1, from the beginning). */
  meterSamplesGroupId: string;
  /** Consumer group of the session-owned command results (ocpp.commands.v1, from the beginning). */
  commandsGroupId: string;
  /** OCPP 2.0.1 MasterPassGroupId (MASTER_PASS_GROUP_ID, shared with the customer-service; unset = no master pass). */
  masterPassGroupId: string | undefined;
}

/** Validated once at start-up; a bad variable fails fast, naming it. */
export function loadSessionConfig(env: Env): SessionServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, SESSION_SERVICE, SESSION_SCHEMA);
  const config: SessionServiceConfig = {
    ...base,
    clockSkewMs:
      reader.int(
        'SESSION_SERVICE_CLOCK_SKEW_S',
        300,
        { min: 0, max: 86_400 },
        'How far a station timestamp may lie ahead of the CSMS clock before the session records a clock anomaly.',
      ) * 1000,
    tokensGroupId: `${base.groupId}.tokens`,
    tariffsGroupId: `${base.groupId}.tariffs`,
    meterSamplesGroupId: `${base.groupId}.meter-samples`,
    commandsGroupId: `${base.groupId}.commands`,
    masterPassGroupId: readMasterPassGroupId(reader),
  };
  reader.done();
  return config;
}
