import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CA with a server certificate and client certificates, made with openssl. */
export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'voltlane-pki-'));
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;

  constructor() {
    this.caKey = join(this.dir, 'ca.key');
    this.caCert = join(this.dir, 'ca.crt');
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      this.caKey,
      '-out',
      this.caCert,
      '-subj',
      '/CN=Voltlane Test CA',
      '-days',
      '2',
    ]);
    const server = this.issue('localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
    this.serverCert = server.certFile;
    this.serverKey = server.keyFile;
  }

  /** A certificate with subject CN=`commonName`, signed by this CA (or self-signed). */
  issue(
    commonName: string,
    extensions = 'basicConstraints=CA:FALSE',
    selfSigned = false,
  ): { certFile: string; keyFile: string; cert: Buffer; key: Buffer } {
    const base = join(this.dir, commonName.replace(/[^A-Za-z0-9_-]/g, '_') + (selfSigned ? '-self' : ''));
    const keyFile = `${base}.key`;
    const certFile = `${base}.crt`;
    const extFile = `${base}.ext`;
    writeFileSync(extFile, `${extensions}\n`);
    if (selfSigned) {
      openssl([
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        `/CN=${commonName}`,
        '-days',
        '2',
      ]);
    } else {
      openssl([
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        `${base}.csr`,
        '-subj',
        `/CN=${commonName}`,
      ]);
      this.sign(`${base}.csr`, certFile, extFile);
    }
    return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
  }

  /** A server certificate for 127.0.0.1 with an RSA key (the CA itself is ECDSA), under `name`. */
  issueRsaServer(name: string): { certFile: string; keyFile: string } {
    const base = join(this.dir, name);
    writeFileSync(`${base}.ext`, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', '/CN=localhost']);
    this.sign(`${base}.csr`, `${base}.crt`, `${base}.ext`);
    return { certFile: `${base}.crt`, keyFile: `${base}.key` };
  }

  /** Signs the request `csr` with this CA into `certFile` (valid 2 days), with the extensions in `extFile`. */
  private sign(csr: string, certFile: string, extFile: string): void {
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      this.caCert,
      '-CAkey',
      this.caKey,
      '-CAcreateserial',
      '-out',
      certFile,
      '-days',
      '2',
      '-extfile',
      extFile,
    ]);
  }

  get ca(): Buffer {
    return readFileSync(this.caCert);
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}
