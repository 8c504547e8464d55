import { ConfigError, EnvReader } from '@voltlane/config';
import { loadOcspConfig, type OcspConfig } from '@voltlane/pki';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';
import type { OcspUnreachablePolicy } from '../pnc/contract-certificate.verifier';

export interface CustomerServiceConfig extends ServiceConfig {
  customer: {
    /** Consumer group on `sessions.lifecycle.v1` (CUSTOMER_SERVICE_SESSIONS_GROUP_ID; default `<groupId>.sessions`). */
    sessionsGroupId: string;
    /** Consumer group on `ocpp.commands.v1` (CUSTOMER_SERVICE_COMMANDS_GROUP_ID; default `<groupId>.commands`). */
    commandsGroupId: string;
    /** OCPP 2.0.1 MasterPassGroupId (MASTER_PASS_GROUP_ID, shared with the session-service; unset = no master pass). */
    masterPassGroupId: string | undefined;
  };
  /** Plug & Charge contract checks in Authorize (OCSP_*, CUSTOMER_SERVICE_OCSP_UNREACHABLE). */
  pnc: {
    ocsp: OcspConfig;
    /** CUSTOMER_SERVICE_OCSP_UNREACHABLE (local|reject, default local): no usable OCSP answer and nothing cached. */
    unreachable: OcspUnreachablePolicy;
  };
}

/** Reads and validates the whole configuration once; throws one error naming every bad variable. */
export function loadCustomerServiceConfig(env: NodeJS.ProcessEnv): CustomerServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, 'customer-service', 'customer');
  const config: CustomerServiceConfig = {
    ...base,
    customer: {
      sessionsGroupId: reader.string('CUSTOMER_SERVICE_SESSIONS_GROUP_ID', `${base.groupId}.sessions`),
      commandsGroupId: reader.string('CUSTOMER_SERVICE_COMMANDS_GROUP_ID', `${base.groupId}.commands`),
      masterPassGroupId: masterPassGroupId(reader),
    },
    pnc: {
      ocsp: loadOcspConfig(reader),
      unreachable: reader.oneOf<OcspUnreachablePolicy>('CUSTOMER_SERVICE_OCSP_UNREACHABLE', ['local', 'reject'], 'local'),
    },
  };
  reader.done();
  return config;
}

/** MASTER_PASS_GROUP_ID: an IdToken value (at most 36 characters, the 2.0.1 IdToken length). */
export function masterPassGroupId(reader: EnvReader): string | undefined {
  const value = reader.optionalString('MASTER_PASS_GROUP_ID');
  if (value !== undefined && value.length > 36) throw new ConfigError('MASTER_PASS_GROUP_ID', `must be at most 36 characters (got ${value.length})`);
  return value;
}
