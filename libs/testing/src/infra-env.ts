// Helpers for integration specs that talk to the real servers started by deploy/local/infra.sh
// (scripts/test.sh exports their addresses; libs/testing/src/global-setup.js checks them first).
import { randomBytes } from 'node:crypto';
import { Client, type ClientBase } from 'pg';

export interface InfraEnv {
  /** Kafka bootstrap servers, `host:port` each (KAFKA_BROKERS, comma-separated). */
  kafkaBrokers: string[];
  /** `redis://host:port` (REDIS_URL). */
  redisUrl: string;
  /** `postgres://user:password@host:port/db` (DATABASE_URL). */
  databaseUrl: string;
  /** The broker's secured listeners, when `infra.sh up` exported them (KAFKA_SASL_SSL_BROKERS set). */
  kafkaSecurity?: KafkaSecurityTestEnv;
}

/** The SASL_SSL and mTLS listeners of infra.sh's broker, its test CA, client certificate and user. */
export interface KafkaSecurityTestEnv {
  /** SASL_SSL listener (KAFKA_SASL_SSL_BROKERS): PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
  saslSslBrokers: string[];
  /** SSL listener that requires a client certificate (KAFKA_MTLS_BROKERS). */
  mtlsBrokers: string[];
  /** The CA of the broker's certificate and of the client certificate (KAFKA_TEST_CA_FILE). */
  caFile: string;
  /** A CA that signed neither (KAFKA_TEST_OTHER_CA_FILE). */
  otherCaFile: string;
  /** KAFKA_TEST_CLIENT_CERT_FILE and KAFKA_TEST_CLIENT_KEY_FILE (encrypted, KAFKA_TEST_CLIENT_KEY_PASSWORD). */
  clientCertFile: string;
  clientKeyFile: string;
  clientKeyPassword: string;
  /** The SASL user (KAFKA_TEST_SASL_USERNAME, KAFKA_TEST_SASL_PASSWORD), known to all three mechanisms. */
  username: string;
  password: string;
}

const HOW_TO = 'run `npm test`, or `eval "$(bash deploy/local/infra.sh up)"` first';

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    throw new Error(`${name} is not set: integration tests need it (${HOW_TO})`);
  }
  return value;
}

function brokerList(name: string): string[] {
  return required(name)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/** Addresses of the test servers, read from the environment; throws naming any unset variable. */
export function infraEnv(): InfraEnv {
  return {
    kafkaBrokers: brokerList('KAFKA_BROKERS'),
    redisUrl: required('REDIS_URL'),
    databaseUrl: required('DATABASE_URL'),
    ...(process.env.KAFKA_SASL_SSL_BROKERS?.trim() ? { kafkaSecurity: kafkaSecurityEnv() } : {}),
  };
}

/** The secured Kafka listeners of `infra.sh up`; throws naming any unset variable. */
export function kafkaSecurityEnv(): KafkaSecurityTestEnv {
  return {
    saslSslBrokers: brokerList('KAFKA_SASL_SSL_BROKERS'),
    mtlsBrokers: brokerList('KAFKA_MTLS_BROKERS'),
    caFile: required('KAFKA_TEST_CA_FILE'),
    otherCaFile: required('KAFKA_TEST_OTHER_CA_FILE'),
    clientCertFile: required('KAFKA_TEST_CLIENT_CERT_FILE'),
    clientKeyFile: required('KAFKA_TEST_CLIENT_KEY_FILE'),
    clientKeyPassword: required('KAFKA_TEST_CLIENT_KEY_PASSWORD'),
    username: required('KAFKA_TEST_SASL_USERNAME'),
    password: required('KAFKA_TEST_SASL_PASSWORD'),
  };
}

/** DATABASE_URL alone, for tests that need only PostgreSQL (the medium tier); throws when unset. */
export function testDatabaseUrl(): string {
  return required('DATABASE_URL');
}

const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;

/**
 * A name unique to this test run and call: `<prefix>_<run id>_<n>`, lower case, only [a-z0-9_],
 * at most 63 characters. Valid as a Kafka topic or group id, a Redis key part and an unquoted
 * PostgreSQL identifier (schema, table, database).
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  const suffix = `_${runId}_${counter}`;
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^[^a-z_]+/, '') || 't';
  return clean.slice(0, 63 - suffix.length) + suffix;
}

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /**
   * Longest pause between two checks (default 50 ms). The pauses start at 1 ms and double up to
   * this, so a condition that holds a moment later is seen at once instead of up to 50 ms late.
   */
  intervalMs?: number;
  /** Said in the error when the time is up. */
  message?: string;
}

/** Polls `predicate` until it returns true; rejects after `timeoutMs` with the last error, if any. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 50, message = 'condition' }: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let pause = Math.min(1, intervalMs);
  for (;;) {
    try {
      if (await predicate()) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`waitFor: ${message} not met within ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(intervalMs, pause * 2);
  }
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface TestSchema {
  /** The schema's name (from uniqueName). */
  name: string;
  /** A connected client whose search_path is the schema. */
  client: ClientBase;
  /** DATABASE_URL with `options=-c search_path=<schema>`, for pools and ORMs the suite creates. */
  databaseUrl: string;
  /** Drops the schema with everything in it; ends the client if createTestSchema connected it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh PostgreSQL schema for one suite and points `client`'s search_path at it. Without
 * a client, connects one to DATABASE_URL (and ends it in `drop()`). Call `drop()` in afterAll.
 */
export async function createTestSchema(client?: ClientBase, prefix = 'test'): Promise<TestSchema> {
  const databaseUrl = testDatabaseUrl();
  const name = uniqueName(prefix);
  let pg: ClientBase;
  let ownClient: Client | undefined;
  if (client) {
    pg = client;
  } else {
    ownClient = new Client({ connectionString: databaseUrl });
    await ownClient.connect();
    pg = ownClient;
  }
  try {
    await pg.query(`CREATE SCHEMA ${quoteIdent(name)}`);
    await pg.query(`SET search_path TO ${quoteIdent(name)}`);
  } catch (err) {
    await ownClient?.end();
    throw err;
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  let dropped = false;
  return {
    name,
    client: pg,
    databaseUrl: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      try {
        await pg.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
      } finally {
        await ownClient?.end();
      }
    },
  };
}
