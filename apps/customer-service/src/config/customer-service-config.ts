import { EnvReader } from '@voltlane/config';
import { loadOcspConfig, type OcspConfig } from '@voltlane/pki';
import { loadServiceConfig, readMasterPassGroupId, type ServiceConfig } from '@voltlane/service-kit';
import type { OcspUnreachablePolicy } from '../application/pnc/contract-certificate.verifier';

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
      sessionsGroupId: reader.string('CUSTOMER_SERVICE_SESSIONS_GROUP_ID', `${base.groupId}.sessions`, {
        doc: 'Kafka consumer group of the customer-service on `sessions.lifecycle.v1`.',
        defaultText: '`<CUSTOMER_SERVICE_GROUP_ID>.sessions`',
      }),
      commandsGroupId: reader.string('CUSTOMER_SERVICE_COMMANDS_GROUP_ID', `${base.groupId}.commands`, {
        doc: 'Kafka consumer group of the customer-service on `ocpp.commands.v1`.',
        defaultText: '`<CUSTOMER_SERVICE_GROUP_ID>.commands`',
      }),
      masterPassGroupId: readMasterPassGroupId(reader),
    },
    pnc: {
      ocsp: loadOcspConfig(reader),
      unreachable: reader.oneOf<OcspUnreachablePolicy>(
        'CUSTOMER_SERVICE_OCSP_UNREACHABLE',
        ['local', 'reject'],
        'local',
        'Authorize with a contract certificate when no usable OCSP answer is available and none is cached: `local` decides on the chain and the token, `reject` answers `CertChainError`.',
      ),
    },
  };
  reader.done();
  return config;
}
