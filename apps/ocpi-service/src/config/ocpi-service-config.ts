import { EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';
import { OFFLINE_AUTHORIZATION_POLICIES, type OfflineAuthorizationPolicy } from '../domain/authorization-mapping';

export const OCPI_SERVICE = 'ocpi-service';

export interface OcpiServiceConfig extends ServiceConfig {
  ocpi: {
    /** The base URL partners reach this CSMS's OCPI endpoints at, without a trailing slash (`<publicUrl>/ocpi/versions`). */
    publicUrl: string;
    /** ISO 3166-1 alpha-2 country code of this CPO (OCPI `country_code`). */
    countryCode: string;
    /** This CPO's party id (ISO 15118 / eMI3, 3 characters). */
    partyId: string;
    /** `business_details.name` in the credentials. */
    businessName: string;
    /** A request to a partner waits this long for its answer, ms. */
    requestTimeoutMs: number;
    /** First retry of a failed push after this long, ms (doubles with jitter per attempt). */
    retryMinMs: number;
    /** Retries of a failed push back off to at most this, ms. */
    retryMaxMs: number;
    /** How often the push sender looks for due pushes, ms. */
    pushPollMs: number;
    /** A running session is pushed again (PATCH kwh, cost) at most this often, ms. */
    sessionUpdateIntervalMs: number;
    /** A command partners send waits this long for the charge point's answer, ms (CommandResponse.timeout). */
    commandTimeoutMs: number;
    /** A real-time authorization waits this long for the eMSP's answer, ms. */
    authorizationTimeoutMs: number;
    /** An ALLOWED real-time answer authorizes the token this long, ms (its cacheExpiresAt). */
    authorizationCacheMs: number;
    /** What a real-time authorization answers when the eMSP cannot be asked. */
    offlineAuthorization: OfflineAuthorizationPolicy;
  };
}

/** Reads and validates the whole configuration once; throws one error naming every bad variable. */
export function loadOcpiServiceConfig(env: NodeJS.ProcessEnv): OcpiServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, OCPI_SERVICE, 'ocpi');
  const publicUrl = reader
    .url(
      'OCPI_SERVICE_PUBLIC_URL',
      'http://127.0.0.1:8080',
      ['http', 'https'],
      'The base URL partners reach the OCPI endpoints at (`<url>/ocpi/versions`).',
    )
    .replace(/\/+$/, '');
  const countryCode = reader.string('OCPI_SERVICE_COUNTRY_CODE', 'NL', 'This CPO’s ISO 3166-1 alpha-2 country code (OCPI country_code).');
  if (!/^[A-Z]{2}$/.test(countryCode)) reader.invalid('OCPI_SERVICE_COUNTRY_CODE', 'must be two upper-case letters (ISO 3166-1 alpha-2)');
  const partyId = reader.string('OCPI_SERVICE_PARTY_ID', 'VLT', 'This CPO’s OCPI party id (three upper-case letters or digits).');
  if (!/^[A-Z0-9]{3}$/.test(partyId)) reader.invalid('OCPI_SERVICE_PARTY_ID', 'must be three upper-case letters or digits');
  const retryMinMs = reader.int(
    'OCPI_SERVICE_RETRY_MIN_MS',
    1_000,
    { min: 10, max: 600_000 },
    'First retry of a failed push after this long (ms); doubles per attempt.',
  );
  const retryMaxMs = reader.int(
    'OCPI_SERVICE_RETRY_MAX_MS',
    60_000,
    { min: 10, max: 3_600_000 },
    'Retries of a failed push back off to at most this (ms).',
  );
  if (retryMaxMs < retryMinMs) reader.invalid('OCPI_SERVICE_RETRY_MAX_MS', 'must not be below OCPI_SERVICE_RETRY_MIN_MS');
  const authorizationTimeoutMs = reader.int(
    'OCPI_SERVICE_AUTHORIZATION_TIMEOUT_MS',
    3_000,
    { min: 100, max: 60_000 },
    'A real-time authorization of a roaming token waits this long for the eMSP’s answer (ms); then the offline policy decides. Keep it below the customer-service’s CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_TIMEOUT_MS.',
  );
  const authorizationCacheMs =
    reader.int(
      'OCPI_SERVICE_AUTHORIZATION_CACHE_S',
      900,
      { min: 0, max: 86_400 },
      'A token the eMSP allowed in real time stays authorized this long (seconds): the answer’s cacheExpiresAt and the published authorizedUntil.',
    ) * 1000;
  const offlineAuthorization = reader.oneOf(
    'OCPI_SERVICE_OFFLINE_AUTHORIZATION',
    OFFLINE_AUTHORIZATION_POLICIES,
    'cached',
    'When the eMSP cannot be asked in real time (no answer in time, network error, HTTP ≥ 500, OCPI status 3xxx): `cached` accepts a stored valid token whose whitelist is not NEVER (or that is still authorized), `accept` accepts any token (the CPO takes the risk), `reject` refuses it (Invalid).',
  );
  const config: OcpiServiceConfig = {
    ...base,
    ocpi: {
      publicUrl,
      countryCode,
      partyId,
      businessName: reader.string('OCPI_SERVICE_BUSINESS_NAME', 'Voltlane', 'business_details.name in this CPO’s OCPI credentials.'),
      requestTimeoutMs: reader.int(
        'OCPI_SERVICE_REQUEST_TIMEOUT_MS',
        10_000,
        { min: 100, max: 120_000 },
        'A request to an OCPI partner waits this long for its answer (ms).',
      ),
      retryMinMs,
      retryMaxMs,
      pushPollMs: reader.int(
        'OCPI_SERVICE_PUSH_POLL_MS',
        250,
        { min: 10, max: 60_000 },
        'How often the push sender looks for due pushes (ms).',
      ),
      sessionUpdateIntervalMs:
        reader.int(
          'OCPI_SERVICE_SESSION_UPDATE_INTERVAL_S',
          60,
          { min: 0, max: 3600 },
          'A running roaming session is pushed again (kwh, cost) at most this often (seconds).',
        ) * 1000,
      commandTimeoutMs:
        reader.int(
          'OCPI_SERVICE_COMMAND_TIMEOUT_S',
          30,
          { min: 1, max: 600 },
          'A command of a partner (START_SESSION …) waits this long for the charge point’s answer (seconds); the CommandResponse `timeout`.',
        ) * 1000,
      authorizationTimeoutMs,
      authorizationCacheMs,
      offlineAuthorization,
    },
  };
  reader.done();
  return config;
}
