import { readFileSync } from 'node:fs';
import { ConfigError, type EnvReader } from '@voltlane/config';
import { TestPki, loadOcspConfig, type OcspConfig, type TestPkiMaterial } from '@voltlane/pki';
import type { HttpProviderConfig } from '../application/pnc/http-contract-certificate-provider';

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

/** Plug & Charge settings of the station-service (STATION_SERVICE_PNC_*, STATION_SERVICE_TEST_PKI_FILE, OCSP_*). */
export function loadPncConfig(env: EnvReader): PncConfig {
  const provider = env.oneOf<ContractProviderKind>('STATION_SERVICE_PNC_PROVIDER', ['none', 'http', 'test-pki'], 'none', {
    doc: 'Who answers Get15118EVCertificate: `none`, `http` (a contract-certificate provider at `STATION_SERVICE_PNC_PROVIDER_URL`) or `test-pki` (the built-in test PKI: development and tests only, its answer is not EXI).',
    defaultText: '`none` (all-in-one: `test-pki`)',
  });
  const timeoutMs = env.int(
    'STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS',
    5_000,
    { min: 100, max: 60_000 },
    'Time-out of one provider request (keep it below `GATEWAY_CALL_REPLY_TIMEOUT_MS`).',
  );
  const url = env.url(
    'STATION_SERVICE_PNC_PROVIDER_URL',
    '',
    ['http', 'https'],
    'The contract-certificate provider endpoint (required with `STATION_SERVICE_PNC_PROVIDER=http`).',
  );
  const header = env.optionalString(
    'STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER',
    'One header sent with every provider request, `Name: value` (e.g. `Authorization: Bearer …`). Keep it in a secret.',
  );
  const testPkiFile = env.optionalString('STATION_SERVICE_TEST_PKI_FILE', {
    doc: 'With `test-pki`: JSON material of a stored test PKI; unset: a new test PKI at every start.',
    defaultText: 'unset (all-in-one: `<VOLTLANE_DATA_DIR>/pki/test-pki.json`)',
  });
  const ocsp = loadOcspConfig(env);
  let http: HttpProviderConfig | undefined;
  if (provider === 'http') {
    if (url === '') throw new ConfigError('STATION_SERVICE_PNC_PROVIDER_URL', 'is required when STATION_SERVICE_PNC_PROVIDER=http');
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
    throw new ConfigError(
      'STATION_SERVICE_TEST_PKI_FILE',
      `does not hold test PKI material (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
