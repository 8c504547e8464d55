import { readFileSync } from 'node:fs';
import { ConfigError, type EnvReader } from '@voltlane/config';
import { TestPki, loadOcspConfig, type OcspConfig, type TestPkiMaterial } from '@voltlane/pki';
import type { HttpProviderConfig } from './http-contract-certificate-provider';

export type ContractProviderKind = 'none' | 'http' | 'test-pki';

/** Plug & Charge in the station-service: OCSP for GetCertificateStatus and the contract-certificate provider. */
export interface PncConfig {
  ocsp: OcspConfig;
  provider: ContractProviderKind;
  /** With provider `http`. */
  http: HttpProviderConfig | undefined;
  /** With provider `test-pki`: the stored PKI (STATION_SERVICE_TEST_PKI_FILE), or undefined = a new one per start. */
  testPki: TestPkiMaterial | undefined;
}

/**
 * - `STATION_SERVICE_PNC_PROVIDER` (none|http|test-pki, default none): who answers Get15118EVCertificate.
 * - `STATION_SERVICE_PNC_PROVIDER_URL` (http/https, required with `http`): the provider endpoint.
 * - `STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER` (optional, `Name: value`): sent with every request.
 * - `STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS` (100–60000, default 5000).
 * - `STATION_SERVICE_TEST_PKI_FILE` (optional, with `test-pki`): JSON material of the built-in test PKI
 *   (the all-in-one writes one); unset = a new test PKI at every start.
 * - `OCSP_TIMEOUT_MS`, `OCSP_CACHE_MAX_ENTRIES`, `OCSP_ALLOWED_HOSTS`: see loadOcspConfig.
 */
export function loadPncConfig(env: EnvReader): PncConfig {
  const provider = env.oneOf<ContractProviderKind>('STATION_SERVICE_PNC_PROVIDER', ['none', 'http', 'test-pki'], 'none');
  const timeoutMs = env.int('STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS', 5_000, { min: 100, max: 60_000 });
  const rawUrl = env.optionalString('STATION_SERVICE_PNC_PROVIDER_URL');
  const url = rawUrl === undefined ? undefined : env.url('STATION_SERVICE_PNC_PROVIDER_URL', undefined, ['http', 'https']);
  const header = env.optionalString('STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER');
  const testPkiFile = env.optionalString('STATION_SERVICE_TEST_PKI_FILE');
  const ocsp = loadOcspConfig(env);
  let http: HttpProviderConfig | undefined;
  if (provider === 'http') {
    if (url === undefined) throw new ConfigError('STATION_SERVICE_PNC_PROVIDER_URL', 'is required when STATION_SERVICE_PNC_PROVIDER=http');
    http = { url, timeoutMs, ...(header !== undefined ? { authHeader: authHeader(header) } : {}) };
  }
  return { ocsp, provider, http, testPki: provider === 'test-pki' && testPkiFile !== undefined ? readTestPki(testPkiFile) : undefined };
}

function authHeader(raw: string): { name: string; value: string } {
  const colon = raw.indexOf(':');
  const name = colon > 0 ? raw.slice(0, colon).trim() : '';
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || raw.slice(colon + 1).trim() === '') {
    throw new ConfigError('STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER', 'must be "Header-Name: value"');
  }
  return { name, value: raw.slice(colon + 1).trim() };
}

function readTestPki(file: string): TestPkiMaterial {
  try {
    const material = JSON.parse(readFileSync(file, 'utf8')) as TestPkiMaterial;
    TestPki.load(material);
    return material;
  } catch (error) {
    throw new ConfigError('STATION_SERVICE_TEST_PKI_FILE', `does not hold test PKI material (${error instanceof Error ? error.message : String(error)})`);
  }
}
