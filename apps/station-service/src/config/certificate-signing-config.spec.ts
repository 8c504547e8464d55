import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, EnvReader } from '@voltlane/config';
import { generateCertificateAuthority, type CaMaterial } from '../application/certificates/certificate-authority';
import { loadCertificateSigningConfig } from './certificate-signing-config';

describe('loadCertificateSigningConfig', () => {
  let ca: CaMaterial;
  let other: CaMaterial;
  let dir: string;

  beforeAll(async () => {
    ca = await generateCertificateAuthority('Config Spec CA');
    other = await generateCertificateAuthority('Other CA');
    dir = mkdtempSync(join(tmpdir(), 'ca-config-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certificatePem);
    writeFileSync(join(dir, 'ca.key'), ca.privateKeyPem);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadCertificateSigningConfig(new EnvReader(env));

  it('signs nothing by default', () => {
    expect(load({})).toEqual({ ca: undefined, organization: undefined, validityDays: 365 });
  });

  it('reads the CA from PEM files or from the environment (\\n escapes allowed)', () => {
    expect(load({ STATION_SERVICE_CA_CERT_FILE: join(dir, 'ca.pem'), STATION_SERVICE_CA_KEY_FILE: join(dir, 'ca.key') }).ca).toEqual(ca);
    const inline = load({
      STATION_SERVICE_CA_CERT_PEM: ca.certificatePem.replace(/\n/g, '\\n'),
      STATION_SERVICE_CA_KEY_PEM: ca.privateKeyPem,
      STATION_SERVICE_CSR_ORGANIZATION: 'Voltlane',
      STATION_SERVICE_CERT_VALIDITY_DAYS: '90',
    });
    // Environment values are trimmed.
    expect(inline).toEqual({
      ca: { certificatePem: ca.certificatePem.trim(), privateKeyPem: ca.privateKeyPem.trim() },
      organization: 'Voltlane',
      validityDays: 90,
    });
  });

  it.each([
    [{ STATION_SERVICE_CA_CERT_PEM: 'x' }, 'STATION_SERVICE_CA_KEY_FILE (or _PEM) must be set too'],
    [{ STATION_SERVICE_CA_KEY_PEM: 'x' }, 'STATION_SERVICE_CA_CERT_FILE (or _PEM) must be set too'],
    [
      { STATION_SERVICE_CA_CERT_FILE: '/nonexistent/ca.pem', STATION_SERVICE_CA_KEY_PEM: 'x' },
      'STATION_SERVICE_CA_CERT_FILE cannot be read',
    ],
    [{ STATION_SERVICE_CA_CERT_FILE: 'a', STATION_SERVICE_CA_CERT_PEM: 'b', STATION_SERVICE_CA_KEY_PEM: 'x' }, 'are both set'],
  ])('fails on %j naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it("fails on a key that is not the CA certificate's, and on a bad validity", () => {
    expect(() => load({ STATION_SERVICE_CA_CERT_PEM: ca.certificatePem, STATION_SERVICE_CA_KEY_PEM: other.privateKeyPem })).toThrow(
      'the CA key does not belong to the CA certificate',
    );
    const reader = new EnvReader({ STATION_SERVICE_CERT_VALIDITY_DAYS: '0' });
    loadCertificateSigningConfig(reader);
    expect(() => reader.done()).toThrow('STATION_SERVICE_CERT_VALIDITY_DAYS');
  });
});
