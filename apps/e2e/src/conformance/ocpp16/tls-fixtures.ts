// Throw-away PKI for the TLS security-profile cases: a CA, a server certificate for 127.0.0.1 and
// client certificates, made with the openssl CLI in a temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFixtures {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** A second server chain for 127.0.0.1 with an RSA key (the CA and `certFile` are ECDSA). */
  rsaCertFile: string;
  rsaKeyFile: string;
  ca: Buffer;
  /** A client certificate and key signed by the CA (or self-signed), with subject CN `cn`. */
  client(cn: string, options?: { selfSigned?: boolean }): { cert: Buffer; key: Buffer };
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

export function createTlsFixtures(): TlsFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'octt-tls-'));
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=OCTT Test CA/O=Voltlane',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(['req', '-new', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1/O=Voltlane CSMS'], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server-rsa.key',
      '-out',
      'server-rsa.csr',
      '-subj',
      '/CN=127.0.0.1/O=Voltlane CSMS',
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server-rsa.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server-rsa.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  let n = 0;
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
    rsaCertFile: join(dir, 'server-rsa.pem'),
    rsaKeyFile: join(dir, 'server-rsa.key'),
    ca: readFileSync(join(dir, 'ca.pem')),
    client(cn, options = {}) {
      n += 1;
      const base = `client${n}`;
      if (options.selfSigned) {
        openssl(['req', '-x509', ...ecKey, '-keyout', `${base}.key`, '-out', `${base}.pem`, '-days', '2', '-subj', `/CN=${cn}`], dir);
      } else {
        writeFileSync(join(dir, `${base}.ext`), 'extendedKeyUsage=clientAuth\n');
        openssl(['req', '-new', ...ecKey, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`], dir);
        openssl(
          [
            'x509',
            '-req',
            '-in',
            `${base}.csr`,
            '-CA',
            'ca.pem',
            '-CAkey',
            'ca.key',
            '-CAcreateserial',
            '-out',
            `${base}.pem`,
            '-days',
            '2',
            '-extfile',
            `${base}.ext`,
          ],
          dir,
        );
      }
      return { cert: readFileSync(join(dir, `${base}.pem`)), key: readFileSync(join(dir, `${base}.key`)) };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The harness gateway's listener as a wss:// URL for `id`. */
export function secureStationUrl(port: number, id: string): string {
  return `wss://127.0.0.1:${port}/ocpp/${encodeURIComponent(id)}`;
}
