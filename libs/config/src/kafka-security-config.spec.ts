import 'reflect-metadata';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509CertificateGenerator } from '@peculiar/x509';
import { EnvReader, type Env } from './env-reader';
import { infraConfig } from './infra-config';
import { readKafkaSecurity, type KafkaSecurity } from './kafka-security-config';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A self-signed certificate and its key, plain and encrypted, and a key of another pair. */
const files = {} as Record<'dir' | 'cert' | 'key' | 'encryptedKey' | 'otherKey' | 'password' | 'emptyPassword' | 'notPem', string>;

async function keyPair(): Promise<{ keys: webcrypto.CryptoKeyPair; pem: string }> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { keys, pem: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string };
}

beforeAll(async () => {
  files.dir = mkdtempSync(join(tmpdir(), 'voltlane-kafka-security-'));
  const write = (name: string, text: string): string => {
    const path = join(files.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const own = await keyPair();
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=voltlane-client',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: own.keys,
    signingAlgorithm: EC,
  });
  files.cert = write('client.pem', certificate.toString('pem'));
  files.key = write('client.key', own.pem);
  files.encryptedKey = write(
    'client.enc.key',
    createPrivateKey(own.pem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-secret' }) as string,
  );
  files.otherKey = write('other.key', (await keyPair()).pem);
  files.password = write('password', 'sasl-secret\n');
  files.emptyPassword = write('empty', '\n');
  files.notPem = write('not.pem', 'hello\n');
});
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

function read(vars: Env): KafkaSecurity {
  const env = new EnvReader(vars);
  const security = readKafkaSecurity(env);
  env.done();
  return security;
}

const scram = { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'voltlane', KAFKA_SASL_PASSWORD: 'sasl-secret' };

describe('Kafka client security configuration', () => {
  it('is plaintext with nothing set (infraConfig carries it)', () => {
    expect(read({})).toEqual({});
    const env = new EnvReader({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', ...scram });
    expect(infraConfig(env, 'probe').kafka.security).toEqual({
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'voltlane', password: 'sasl-secret' },
      ssl: { rejectUnauthorized: true },
    });
  });

  it.each([
    ['SASL_PLAINTEXT', { sasl: { mechanism: 'SCRAM-SHA-512', username: 'voltlane', password: 'sasl-secret' } }],
    [
      'SASL_SSL',
      { sasl: { mechanism: 'SCRAM-SHA-512', username: 'voltlane', password: 'sasl-secret' }, ssl: { rejectUnauthorized: true } },
    ],
  ])('%s: SASL, TLS only with _SSL', (protocol, expected) => {
    expect(read({ KAFKA_SECURITY_PROTOCOL: protocol, ...scram })).toEqual(expected);
  });

  it('reads the SASL password from a file, without its trailing newline', () => {
    const { KAFKA_SASL_PASSWORD: _inline, ...rest } = scram;
    expect(read({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', ...rest, KAFKA_SASL_PASSWORD_FILE: files.password }).sasl?.password).toBe(
      'sasl-secret',
    );
  });

  it('reads the CA, the client certificate and its encrypted key at start', () => {
    const security = read({
      KAFKA_SECURITY_PROTOCOL: 'SSL',
      KAFKA_SSL_CA_FILE: files.cert,
      KAFKA_SSL_CERT_FILE: files.cert,
      KAFKA_SSL_KEY_FILE: files.encryptedKey,
      KAFKA_SSL_KEY_PASSWORD: 'key-secret',
      KAFKA_SSL_SERVERNAME: 'kafka.internal',
      KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
    });
    expect(security.sasl).toBeUndefined();
    expect(security.ssl).toMatchObject({ servername: 'kafka.internal', rejectUnauthorized: false, passphrase: 'key-secret' });
    expect(security.ssl?.ca).toContain('-----BEGIN CERTIFICATE-----');
    expect(security.ssl?.cert).toContain('-----BEGIN CERTIFICATE-----');
    expect(security.ssl?.key).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  });

  const sasl = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' };
  const ssl = { KAFKA_SECURITY_PROTOCOL: 'SSL' };
  it.each<[string, () => Env, RegExp]>([
    ['an unknown protocol', () => ({ KAFKA_SECURITY_PROTOCOL: 'TLS' }), /KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL/],
    [
      'SASL without a mechanism',
      () => ({ ...sasl, ...scram, KAFKA_SASL_MECHANISM: '' }),
      /KAFKA_SASL_MECHANISM is required with KAFKA_SECURITY_PROTOCOL=SASL_SSL/,
    ],
    [
      'an unknown mechanism',
      () => ({ ...sasl, ...scram, KAFKA_SASL_MECHANISM: 'GSSAPI' }),
      /^Invalid configuration: KAFKA_SASL_MECHANISM must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, got "GSSAPI"$/,
    ],
    ['SASL without a user name', () => ({ ...sasl, ...scram, KAFKA_SASL_USERNAME: '' }), /KAFKA_SASL_USERNAME is required with/],
    [
      'SASL without a password',
      () => ({ ...sasl, ...scram, KAFKA_SASL_PASSWORD: '' }),
      /KAFKA_SASL_PASSWORD is required with .* \(or KAFKA_SASL_PASSWORD_FILE\)/,
    ],
    [
      'both password and password file',
      () => ({ ...sasl, ...scram, KAFKA_SASL_PASSWORD_FILE: files.password }),
      /KAFKA_SASL_PASSWORD_FILE and KAFKA_SASL_PASSWORD are both set/,
    ],
    [
      'an unreadable password file',
      () => ({ ...sasl, ...scram, KAFKA_SASL_PASSWORD: '', KAFKA_SASL_PASSWORD_FILE: join(files.dir, 'missing') }),
      /^Invalid configuration: KAFKA_SASL_PASSWORD_FILE cannot be read: ENOENT/,
    ],
    [
      'an empty password file',
      () => ({ ...sasl, ...scram, KAFKA_SASL_PASSWORD: '', KAFKA_SASL_PASSWORD_FILE: files.emptyPassword }),
      /KAFKA_SASL_PASSWORD_FILE names an empty file/,
    ],
    [
      'SASL settings with PLAINTEXT',
      () => ({ KAFKA_SASL_USERNAME: 'voltlane' }),
      /KAFKA_SASL_USERNAME is set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not use SASL/,
    ],
    [
      'TLS settings without TLS',
      () => ({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', ...scram, KAFKA_SSL_CA_FILE: files.cert }),
      /KAFKA_SSL_CA_FILE is set, but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT does not use TLS/,
    ],
    [
      'verification off without TLS',
      () => ({ KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }),
      /KAFKA_SSL_REJECT_UNAUTHORIZED is set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT/,
    ],
    [
      'an unreadable CA file',
      () => ({ ...ssl, KAFKA_SSL_CA_FILE: join(files.dir, 'nope.pem') }),
      /KAFKA_SSL_CA_FILE cannot be read: ENOENT/,
    ],
    ['a CA file that is no PEM', () => ({ ...ssl, KAFKA_SSL_CA_FILE: files.notPem }), /KAFKA_SSL_CA_FILE holds no PEM certificate/],
    [
      'a certificate without its key',
      () => ({ ...ssl, KAFKA_SSL_CERT_FILE: files.cert }),
      /KAFKA_SSL_KEY_FILE is required with KAFKA_SSL_CERT_FILE/,
    ],
    [
      'a key without its certificate',
      () => ({ ...ssl, KAFKA_SSL_KEY_FILE: files.key }),
      /KAFKA_SSL_CERT_FILE is required with KAFKA_SSL_KEY_FILE/,
    ],
    [
      'a key password without a key',
      () => ({ ...ssl, KAFKA_SSL_KEY_PASSWORD: 'x' }),
      /KAFKA_SSL_KEY_PASSWORD is set without KAFKA_SSL_KEY_FILE/,
    ],
    [
      'a key of another certificate',
      () => ({ ...ssl, KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.otherKey }),
      /KAFKA_SSL_KEY_FILE is not the private key of the certificate in KAFKA_SSL_CERT_FILE \(CN=voltlane-client\)/,
    ],
    [
      'an encrypted key without its password',
      () => ({ ...ssl, KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.encryptedKey }),
      /KAFKA_SSL_KEY_PASSWORD is required: KAFKA_SSL_KEY_FILE is encrypted/,
    ],
    [
      'a wrong key password',
      () => ({ ...ssl, KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.encryptedKey, KAFKA_SSL_KEY_PASSWORD: 'wrong' }),
      /KAFKA_SSL_KEY_PASSWORD does not decrypt KAFKA_SSL_KEY_FILE/,
    ],
    [
      'a key file that is no key',
      () => ({ ...ssl, KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.cert }),
      /KAFKA_SSL_KEY_FILE holds no PEM private key/,
    ],
  ])('refuses %s, naming the variable', (_case, vars, message) => {
    expect(() => read(vars())).toThrow(message);
  });

  it('never puts a secret into an error message', () => {
    let message = '';
    try {
      read({ ...sasl, ...scram, KAFKA_SASL_PASSWORD_FILE: files.password, KAFKA_SSL_KEY_PASSWORD: 'key-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/KAFKA_SASL_PASSWORD_FILE[\s\S]*KAFKA_SSL_KEY_PASSWORD/);
    expect(message).not.toMatch(/sasl-secret|key-secret/);
  });
});
