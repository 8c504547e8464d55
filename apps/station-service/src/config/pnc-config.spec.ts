import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@voltlane/config';
import { TestPki } from '@voltlane/pki';
import { loadStationServiceConfig } from './station-service-config';

describe('Plug & Charge settings of the station-service', () => {
  it('has no provider by default and the OCSP defaults', () => {
    expect(loadStationServiceConfig({}).pnc).toEqual({
      provider: 'none',
      http: undefined,
      testPki: undefined,
      ocsp: { timeoutMs: 3_000, cacheMaxEntries: 10_000, allowedHosts: undefined },
    });
  });

  it('reads the HTTP provider', () => {
    const pnc = loadStationServiceConfig({
      STATION_SERVICE_PNC_PROVIDER: 'http',
      STATION_SERVICE_PNC_PROVIDER_URL: 'https://pki.example.com/v1/contracts',
      STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER: 'Authorization: Bearer abc:def',
      STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS: '8000',
      OCSP_ALLOWED_HOSTS: 'ocsp.example.com, OCSP.other.org:8080',
    }).pnc;
    expect(pnc.http).toEqual({
      url: 'https://pki.example.com/v1/contracts',
      timeoutMs: 8_000,
      authHeader: { name: 'Authorization', value: 'Bearer abc:def' },
    });
    expect(pnc.ocsp.allowedHosts).toEqual(['ocsp.example.com', 'ocsp.other.org:8080']);
  });

  it('reads a stored test PKI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnc-config-'));
    try {
      const file = join(dir, 'pki.json');
      writeFileSync(file, JSON.stringify((await TestPki.generate()).material));
      expect(
        loadStationServiceConfig({ STATION_SERVICE_PNC_PROVIDER: 'test-pki', STATION_SERVICE_TEST_PKI_FILE: file }).pnc.testPki?.format,
      ).toBe('voltlane-test-pki/1');
      writeFileSync(file, '{"format":"x"}');
      expect(() => loadStationServiceConfig({ STATION_SERVICE_PNC_PROVIDER: 'test-pki', STATION_SERVICE_TEST_PKI_FILE: file })).toThrow(
        'STATION_SERVICE_TEST_PKI_FILE',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ STATION_SERVICE_PNC_PROVIDER: 'hubject' }, 'STATION_SERVICE_PNC_PROVIDER'],
    [{ STATION_SERVICE_PNC_PROVIDER: 'http' }, 'STATION_SERVICE_PNC_PROVIDER_URL'],
    [{ STATION_SERVICE_PNC_PROVIDER: 'http', STATION_SERVICE_PNC_PROVIDER_URL: 'ftp://pki' }, 'STATION_SERVICE_PNC_PROVIDER_URL'],
    [
      {
        STATION_SERVICE_PNC_PROVIDER: 'http',
        STATION_SERVICE_PNC_PROVIDER_URL: 'https://pki',
        STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER: 'no colon',
      },
      'STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER',
    ],
    [{ STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS: '5' }, 'STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS'],
    [{ OCSP_TIMEOUT_MS: 'soon' }, 'OCSP_TIMEOUT_MS'],
    [{ STATION_SERVICE_V2G_CA_CERT_PEM: 'x' }, 'STATION_SERVICE_V2G_CA_KEY_FILE'],
  ])('fails naming the variable: %j', (env, name) => {
    expect(() => loadStationServiceConfig(env)).toThrow(ConfigError);
    expect(() => loadStationServiceConfig(env)).toThrow(name);
  });
});
