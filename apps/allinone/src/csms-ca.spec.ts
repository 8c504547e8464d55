import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateAuthorityEnv } from './csms-ca';

describe('certificateAuthorityEnv (all-in-one CA)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'allinone-ca-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates a CA into the data dir on first start and reuses it afterwards', async () => {
    const env = await certificateAuthorityEnv(dataDir, {});
    expect(env).toEqual({
      STATION_SERVICE_CA_CERT_FILE: join(dataDir, 'ca', 'csms-ca.pem'),
      STATION_SERVICE_CA_KEY_FILE: join(dataDir, 'ca', 'csms-ca.key'),
    });
    const certificate = new X509Certificate(readFileSync(env.STATION_SERVICE_CA_CERT_FILE));
    expect(certificate.ca).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(readFileSync(env.STATION_SERVICE_CA_KEY_FILE)))).toBe(true);
    expect(statSync(env.STATION_SERVICE_CA_KEY_FILE).mode & 0o777).toBe(0o600);
    await certificateAuthorityEnv(dataDir, {});
    expect(new X509Certificate(readFileSync(env.STATION_SERVICE_CA_CERT_FILE)).fingerprint256).toBe(certificate.fingerprint256);
  });

  it("leaves an operator's CA alone", async () => {
    expect(
      await certificateAuthorityEnv(dataDir, { STATION_SERVICE_CA_CERT_FILE: '/etc/ca.pem', STATION_SERVICE_CA_KEY_FILE: '/etc/ca.key' }),
    ).toEqual({});
  });
});
