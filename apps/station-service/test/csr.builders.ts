// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';

/** A station key pair and a PEM CSR for `subject` (e.g. `CN=CS-1, O=Voltlane`), as a station creates it. Test builder. */
export async function aStationCsr(subject: string): Promise<{ csrPem: string; keys: webcrypto.CryptoKeyPair }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const csr = await Pkcs10CertificateRequestGenerator.create({ name: subject, keys, signingAlgorithm: algorithm });
  return { csrPem: csr.toString('pem'), keys };
}
