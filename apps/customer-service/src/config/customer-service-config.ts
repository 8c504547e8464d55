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
    /** Consumer group on `ocpi.tokens.v1` (CUSTOMER_SERVICE_OCPI_TOKENS_GROUP_ID; default `<groupId>.ocpi-tokens`). */
    ocpiTokensGroupId: string;
    /** OCPP 2.0.1 MasterPassGroupId (MASTER_PASS_GROUP_ID, shared with the session-service; unset = no master pass). */
    masterPassGroupId: string | undefined;
  };
  /** Plug & Charge contract checks in Authorize (OCSP_*, CUSTOMER_SERVICE_OCSP_UNREACHABLE). */
  pnc: {
    ocsp: OcspConfig;
    /** CUSTOMER_SERVICE_OCSP_UNREACHABLE (local|reject, default local): no usable OCSP answer and nothing cached. */
    unreachable: OcspUnreachablePolicy;
  };
  /** Real-time authorization of roaming tokens with their eMSP, through the ocpi-service (CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_*). */
  roamingAuthorization: {
    /** Base URL of the ocpi-service or the api-edge; undefined = no real-time authorization (in-process in the all-in-one). */
    url: string | undefined;
    /** Operator API key with the write scope (required with the URL). */
    apiKey: string | undefined;
    timeoutMs: number;
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
      ocpiTokensGroupId: reader.string('CUSTOMER_SERVICE_OCPI_TOKENS_GROUP_ID', `${base.groupId}.ocpi-tokens`, {
        doc: 'Kafka consumer group of the customer-service on `ocpi.tokens.v1` (roaming partners’ tokens, kept as tokens of a customer per eMSP party).',
        defaultText: '`<CUSTOMER_SERVICE_GROUP_ID>.ocpi-tokens`',
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
    roamingAuthorization: readRoamingAuthorization(reader),
  };
  reader.done();
  return config;
}

function readRoamingAuthorization(reader: EnvReader): CustomerServiceConfig['roamingAuthorization'] {
  const url =
    reader.url('CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL', '', ['http', 'https'], {
      doc: 'Base URL of the ocpi-service’s operator API (or the api-edge): a roaming token that is not cached here (unknown, or whitelist NEVER) is authorized in real time with its eMSP through `POST <url>/api/v1/ocpi/authorizations`. Unset: no real-time authorization (the all-in-one calls its ocpi-service in-process).',
      defaultText: 'unset',
    }) || undefined;
  const apiKey = reader.optionalString('CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY', {
    doc: 'Operator API key (write scope) sent as `X-API-Key` to `CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL`; required when that URL is set.',
  });
  if (url && !apiKey)
    reader.invalid('CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY', 'is required when CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL is set');
  const timeoutMs = reader.int(
    'CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_TIMEOUT_MS',
    5000,
    { min: 100, max: 60_000 },
    'How long Authorize waits for a real-time authorization (ms) before refusing the token as without one; keep it above the ocpi-service’s `OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS`, so its offline policy answers first.',
  );
  return { url, apiKey, timeoutMs };
}
