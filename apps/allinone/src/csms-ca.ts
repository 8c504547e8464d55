import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCertificateAuthority } from '@voltlane/station-service';

/**
 * The CA that signs stations' CSRs (SignCertificate → CertificateSigned). An operator's CA
 * (STATION_SERVICE_CA_CERT_FILE/_PEM) wins; otherwise the all-in-one process generates one on its
 * first start into `<data>/ca/` (the key readable by the owner only) and keeps using it.
 * Returns the environment that points the station-service at it.
 */
export async function certificateAuthorityEnv(dataDir: string, env: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  if (
    env.STATION_SERVICE_CA_CERT_FILE ||
    env.STATION_SERVICE_CA_CERT_PEM ||
    env.STATION_SERVICE_CA_KEY_FILE ||
    env.STATION_SERVICE_CA_KEY_PEM
  )
    return {};
  const dir = join(dataDir, 'ca');
  const certFile = join(dir, 'csms-ca.pem');
  const keyFile = join(dir, 'csms-ca.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const ca = await generateCertificateAuthority('Voltlane CSMS CA', 'Voltlane');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, ca.privateKeyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    writeFileSync(certFile, ca.certificatePem);
  }
  return { STATION_SERVICE_CA_CERT_FILE: certFile, STATION_SERVICE_CA_KEY_FILE: keyFile };
}
