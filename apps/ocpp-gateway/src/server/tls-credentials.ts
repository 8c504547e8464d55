import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import type { ListenerTls, SecurityProfile } from '../config/gateway-config';

/** What a TLS listener's secure context is made of, read from its files, and a digest to notice a change. */
export interface TlsMaterial {
  options: SecureContextOptions;
  digest: string;
}

/**
 * Reads a listener's certificate chains, keys and client CA. Several chains (RSA and ECDSA) go
 * in side by side: OpenSSL picks the one the client's signature algorithms and suites allow.
 * Only TLS 1.2 and 1.3 (OCPP A00.FR.316: TLS 1.2 or above). Throws if a file cannot be read; the
 * pieces are checked where they are used (creating the server, `setSecureContext`), which throw
 * on a bad PEM or a key that does not match its certificate.
 */
export function readTlsMaterial(tls: ListenerTls, profiles: readonly SecurityProfile[]): TlsMaterial {
  const certs = tls.certFiles.map((f) => readFileSync(f));
  const keys = tls.keyFiles.map((f) => readFileSync(f));
  const ca = profiles.includes(3) && tls.caFile ? readFileSync(tls.caFile) : undefined;
  const options: SecureContextOptions = {
    cert: certs,
    key: keys,
    ciphers: tls.ciphers,
    minVersion: 'TLSv1.2',
    ...(ca ? { ca } : {}),
  };
  const hash = createHash('sha256');
  for (const part of [...certs, ...keys, ca ?? Buffer.alloc(0)]) hash.update(part).update('\0');
  return { options, digest: hash.digest('hex') };
}

/**
 * Client-certificate handling of a listener: profile 3 alone refuses a handshake without a valid
 * certificate; profiles 2 and 3 on one URL ask for one but let the handshake finish without it, and
 * the authenticator then holds each station to its own profile (`socket.authorized`).
 */
export function clientCertificatePolicy(
  tls: ListenerTls,
  profiles: readonly SecurityProfile[],
): { requestCert: boolean; rejectUnauthorized: boolean } {
  if (!profiles.includes(3) || !tls.caFile) return { requestCert: false, rejectUnauthorized: false };
  return { requestCert: true, rejectUnauthorized: profiles.length === 1 };
}
