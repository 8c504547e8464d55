import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader';

export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** TLS to the brokers, with the files' contents (read at start): options of Node's `tls.connect`. */
export interface KafkaTls {
  /** PEM CA certificates; unset: Node's bundled public CAs. */
  ca?: string;
  /** Client certificate and its key, PEM (mutual TLS). */
  cert?: string;
  key?: string;
  /** Password of an encrypted `key`. */
  passphrase?: string;
  /** The name the brokers' certificates must carry (and SNI), when not the host of the broker address. */
  servername?: string;
  rejectUnauthorized: boolean;
}

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/**
 * How the Kafka clients authenticate and encrypt (KAFKA_SECURITY_PROTOCOL): `ssl` for SSL and
 * SASL_SSL, `sasl` for SASL_PLAINTEXT and SASL_SSL, neither for PLAINTEXT.
 */
export interface KafkaSecurity {
  ssl?: KafkaTls;
  sasl?: KafkaSasl;
}

const PROTOCOL = 'KAFKA_SECURITY_PROTOCOL';
const MANAGED_KAFKA_DOC = 'docs/deployment.md, "Managed Kafka (SASL/TLS)"';

/**
 * KAFKA_SECURITY_PROTOCOL and the SASL and TLS settings it uses. Every variable is read whatever
 * the protocol (so each is documented and a value set by mistake is refused, not ignored), and
 * the files are read here, at start: an unreadable or unusable file fails naming its variable.
 */
export function readKafkaSecurity(env: EnvReader): KafkaSecurity {
  const protocol = env.oneOf(
    PROTOCOL,
    KAFKA_SECURITY_PROTOCOLS,
    'PLAINTEXT',
    `How the Kafka clients reach the brokers: \`PLAINTEXT\`, \`SSL\` (TLS, optionally with a client certificate), \`SASL_SSL\` (SASL over TLS: what managed Kafka services ask for) or \`SASL_PLAINTEXT\` (SASL without encryption, inside a trusted network only); see ${MANAGED_KAFKA_DOC}.`,
  );
  const sasl = readSasl(env, protocol);
  const ssl = readTls(env, protocol);
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

function readSasl(env: EnvReader, protocol: KafkaSecurityProtocol): KafkaSasl | undefined {
  const mechanism = env.optionalOneOf('KAFKA_SASL_MECHANISM', KAFKA_SASL_MECHANISMS, {
    doc: 'SASL mechanism of `SASL_SSL` and `SASL_PLAINTEXT` (required there). `PLAIN` sends the password itself: use it over `SASL_SSL` only.',
    defaultText: 'unset (required with `SASL_*`)',
  });
  const username = env.optionalString('KAFKA_SASL_USERNAME', {
    doc: 'SASL user name (required with `SASL_*`); for Confluent Cloud, the API key.',
    defaultText: 'unset (required with `SASL_*`)',
  });
  const password = readSecret(
    env,
    'KAFKA_SASL_PASSWORD',
    'SASL password (required with `SASL_*`, here or in `KAFKA_SASL_PASSWORD_FILE`).',
    'the SASL password',
  );
  const uses = protocol.startsWith('SASL_');
  if (!uses) {
    const set: [string, string | undefined][] = [
      ['KAFKA_SASL_MECHANISM', mechanism],
      ['KAFKA_SASL_USERNAME', username],
      [password.setAs, password.value],
    ];
    for (const [name, value] of set)
      if (value !== undefined) env.invalid(name, `is set, but ${PROTOCOL}=${protocol} does not use SASL (SASL_SSL or SASL_PLAINTEXT do)`);
    return undefined;
  }
  const needed = `is required with ${PROTOCOL}=${protocol}`;
  if (mechanism === undefined && !env.isSet('KAFKA_SASL_MECHANISM'))
    env.invalid('KAFKA_SASL_MECHANISM', `${needed} (${KAFKA_SASL_MECHANISMS.join(', ')})`);
  if (username === undefined) env.invalid('KAFKA_SASL_USERNAME', needed);
  if (password.value === undefined && !password.failed) env.invalid('KAFKA_SASL_PASSWORD', `${needed} (or KAFKA_SASL_PASSWORD_FILE)`);
  if (mechanism === undefined || username === undefined || password.value === undefined) return undefined;
  return { mechanism, username, password: password.value };
}

function readTls(env: EnvReader, protocol: KafkaSecurityProtocol): KafkaTls | undefined {
  const caFile = env.optionalString('KAFKA_SSL_CA_FILE', {
    doc: "PEM file of the CA certificates that sign the brokers' certificates (`SSL`, `SASL_SSL`); read at start.",
    defaultText: "unset (Node's bundled public CAs: enough for most managed services)",
  });
  const certFile = env.optionalString(
    'KAFKA_SSL_CERT_FILE',
    'Client certificate chain, PEM, for brokers that authenticate clients by certificate (mutual TLS); with `KAFKA_SSL_KEY_FILE`.',
  );
  const keyFile = env.optionalString(
    'KAFKA_SSL_KEY_FILE',
    'Private key of `KAFKA_SSL_CERT_FILE`, PEM (PKCS#8, PKCS#1 or SEC1); if encrypted, with `KAFKA_SSL_KEY_PASSWORD`.',
  );
  const keyPassword = readSecret(
    env,
    'KAFKA_SSL_KEY_PASSWORD',
    'Password of an encrypted `KAFKA_SSL_KEY_FILE` (or `KAFKA_SSL_KEY_PASSWORD_FILE`).',
    'the password of `KAFKA_SSL_KEY_FILE`',
  );
  const servername = env.optionalString(
    'KAFKA_SSL_SERVERNAME',
    "Host name every broker's certificate must carry (also sent as SNI), when it is not the host in `KAFKA_BROKERS`, e.g. brokers reached by IP address or through a tunnel.",
  );
  const rejectUnauthorized = env.bool(
    'KAFKA_SSL_REJECT_UNAUTHORIZED',
    true,
    "Verify the brokers' certificates (chain and host name). `false` is for a lab only: anyone on the path can then read and change the traffic.",
  );
  if (!protocol.endsWith('SSL')) {
    const set: [string, string | undefined][] = [
      ['KAFKA_SSL_CA_FILE', caFile],
      ['KAFKA_SSL_CERT_FILE', certFile],
      ['KAFKA_SSL_KEY_FILE', keyFile],
      [keyPassword.setAs, keyPassword.value],
      ['KAFKA_SSL_SERVERNAME', servername],
      ['KAFKA_SSL_REJECT_UNAUTHORIZED', rejectUnauthorized ? undefined : 'false'],
    ];
    for (const [name, value] of set)
      if (value !== undefined) env.invalid(name, `is set, but ${PROTOCOL}=${protocol} does not use TLS (SSL or SASL_SSL do)`);
    return undefined;
  }
  const tls: KafkaTls = { rejectUnauthorized, ...(servername ? { servername } : {}) };
  if (caFile !== undefined) {
    const ca = readPem(env, 'KAFKA_SSL_CA_FILE', caFile, 'CERTIFICATE');
    if (ca !== undefined && parseCertificate(env, 'KAFKA_SSL_CA_FILE', ca)) tls.ca = ca;
  }
  if (certFile !== undefined && keyFile === undefined)
    env.invalid('KAFKA_SSL_KEY_FILE', 'is required with KAFKA_SSL_CERT_FILE (the private key of the client certificate)');
  if (keyFile !== undefined && certFile === undefined) env.invalid('KAFKA_SSL_CERT_FILE', 'is required with KAFKA_SSL_KEY_FILE');
  if (keyPassword.value !== undefined && keyFile === undefined) env.invalid(keyPassword.setAs, 'is set without KAFKA_SSL_KEY_FILE');
  if (certFile !== undefined && keyFile !== undefined) {
    const cert = readPem(env, 'KAFKA_SSL_CERT_FILE', certFile, 'CERTIFICATE');
    const key = readPem(env, 'KAFKA_SSL_KEY_FILE', keyFile, 'PRIVATE KEY');
    const certificate = cert === undefined ? undefined : parseCertificate(env, 'KAFKA_SSL_CERT_FILE', cert);
    const privateKey = key === undefined || keyPassword.failed ? undefined : parseKey(env, key, keyPassword);
    if (certificate && privateKey) {
      if (!certificate.checkPrivateKey(privateKey)) {
        env.invalid('KAFKA_SSL_KEY_FILE', `is not the private key of the certificate in KAFKA_SSL_CERT_FILE (${certificate.subject})`);
      } else {
        Object.assign(tls, { cert, key }, keyPassword.value !== undefined ? { passphrase: keyPassword.value } : {});
      }
    }
  }
  return tls;
}

interface Secret {
  value?: string;
  /** The variable it came from (NAME or NAME_FILE). */
  setAs: string;
  /** The file could not be read (already reported). */
  failed: boolean;
}

/** NAME, or the contents of the file NAME_FILE names (a Kubernetes Secret mounted as a file). */
function readSecret(env: EnvReader, name: string, doc: string, what: string): Secret {
  const value = env.optionalString(name, doc);
  const file = env.optionalString(
    `${name}_FILE`,
    `File holding ${what}, e.g. from a mounted Kubernetes Secret (a trailing newline is ignored), instead of \`${name}\`; read at start.`,
  );
  if (file === undefined) return { value, setAs: name, failed: false };
  if (value !== undefined) {
    env.invalid(`${name}_FILE`, `and ${name} are both set: set one`);
    return { setAs: `${name}_FILE`, failed: true };
  }
  const contents = readText(env, `${name}_FILE`, file);
  if (contents === undefined) return { setAs: `${name}_FILE`, failed: true };
  const secret = contents.replace(/[\r\n]+$/, '');
  if (secret === '') {
    env.invalid(`${name}_FILE`, `names an empty file (${file})`);
    return { setAs: `${name}_FILE`, failed: true };
  }
  return { value: secret, setAs: `${name}_FILE`, failed: false };
}

function readText(env: EnvReader, name: string, path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    env.invalid(name, `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (${path})`);
    return undefined;
  }
}

/** The file's text, if it holds a PEM block whose label ends with `label`. */
function readPem(env: EnvReader, name: string, path: string, label: 'CERTIFICATE' | 'PRIVATE KEY'): string | undefined {
  const text = readText(env, name, path);
  if (text === undefined) return undefined;
  if (!new RegExp(`-----BEGIN [A-Z0-9 ]*${label}-----`).test(text)) {
    env.invalid(name, `holds no PEM ${label.toLowerCase()} (${path})`);
    return undefined;
  }
  return text;
}

function parseCertificate(env: EnvReader, name: string, pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    env.invalid(name, `holds no usable certificate: ${(error as Error).message}`);
    return undefined;
  }
}

function parseKey(env: EnvReader, pem: string, password: Secret): KeyObject | undefined {
  // PKCS#8 "ENCRYPTED PRIVATE KEY", or a traditional PEM with "Proc-Type: 4,ENCRYPTED".
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (encrypted && password.value === undefined) {
    env.invalid('KAFKA_SSL_KEY_PASSWORD', 'is required: KAFKA_SSL_KEY_FILE is encrypted');
    return undefined;
  }
  try {
    return createPrivateKey({ key: pem, ...(password.value !== undefined ? { passphrase: password.value } : {}) });
  } catch (error) {
    if (encrypted) env.invalid(password.setAs, 'does not decrypt KAFKA_SSL_KEY_FILE (wrong password?)');
    else env.invalid('KAFKA_SSL_KEY_FILE', `holds no usable private key: ${(error as Error).message}`);
    return undefined;
  }
}
