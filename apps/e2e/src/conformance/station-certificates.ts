// A station's side of certificate signing (SignCertificate → CertificateSigned): its key pair and
// CSR, and checks of the chain the CSMS sends back, for the 1.6 security and 2.0.1 A cases.
import 'reflect-metadata';
import { X509Certificate, webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';

export interface StationKey {
  csrPem: string;
  /** PKCS#8 PEM of the private key, for a TLS client. */
  keyPem: string;
  /** DER SubjectPublicKeyInfo of the public key. */
  spki: Buffer;
}

/** A fresh P-256 key and a CSR with subject `subject` (e.g. `CN=<station id>`), as a station makes it. */
export async function newStationKey(subject: string): Promise<StationKey> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const csr = await Pkcs10CertificateRequestGenerator.create({ name: subject, keys, signingAlgorithm: algorithm });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    csrPem: csr.toString('pem'),
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n`,
    spki: Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)),
  };
}

/** Splits a PEM chain into its certificates (leaf first). */
export function chainOf(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));
}

/** Checks that `chain`'s leaf is the station's certificate: its CN, its key, issued by `caPem`, for TLS client auth. */
export function expectStationCertificate(chain: string, stationId: string, key: StationKey, caPem: string | Buffer): X509Certificate {
  const [leaf] = chainOf(chain);
  const ca = new X509Certificate(caPem);
  expect(leaf).toBeDefined();
  expect(leaf.subject).toBe(`CN=${stationId}`);
  expect(leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(key.spki)).toBe(true);
  expect(leaf.checkIssued(ca)).toBe(true);
  expect(leaf.verify(ca.publicKey)).toBe(true);
  expect(leaf.ca).toBe(false);
  expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
  // Valid from now until the configured validity, capped at the CA's own end.
  expect(Date.parse(leaf.validFrom)).toBeLessThanOrEqual(Date.now());
  expect(Date.parse(leaf.validTo)).toBeLessThanOrEqual(Date.parse(ca.validTo));
  expect(Date.parse(leaf.validTo)).toBeGreaterThan(Date.now() + 86_400_000);
  return leaf;
}
