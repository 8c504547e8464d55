// Kafka client security against the secured listeners `deploy/local/infra.sh` gives its broker:
// SASL_SSL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 over TLS with the test CA) and an SSL listener that
// requires a client certificate. Every client is built as the services build theirs: the variables
// read by infraConfig (EnvReader), then createKafka with the result.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { EnvReader, infraConfig } from '@voltlane/config';
import { infraEnv, kafkaSecurityEnv, uniqueName, waitFor } from '@voltlane/testing';
import { createKafka, deleteTopics, ensureTopics } from './kafka-client';
import { KafkaBatchPublisher } from './kafka-batch-publisher';
import { KafkaSubscriber } from './kafka-subscriber';
import type { BusMessage } from '../ports/event-bus.port';

const secured = kafkaSecurityEnv();
const plaintext = createKafka({ brokers: infraEnv().kafkaBrokers, clientId: 'security-spec-admin' });
const dir = mkdtempSync(join(tmpdir(), 'voltlane-kafka-security-'));
const topics: string[] = [];

/** A client configured from environment variables, exactly as a service process does it. */
function clientFrom(vars: Record<string, string>): Kafka {
  const env = new EnvReader(vars);
  const { kafka } = infraConfig(env, uniqueName('security-spec'));
  env.done();
  return createKafka({ brokers: kafka.brokers, clientId: kafka.clientId, ...kafka.security });
}

function fileWith(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Creates a topic, publishes three records and reads them back, all through `kafka`. */
async function roundTrip(kafka: Kafka): Promise<BusMessage[]> {
  const topic = uniqueName('secured');
  topics.push(topic);
  await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
  const publisher = new KafkaBatchPublisher(kafka, { maxBatchSize: 10, lingerMs: 1 });
  const subscriber = new KafkaSubscriber(kafka);
  const seen: BusMessage[] = [];
  try {
    await publisher.connect();
    await Promise.all(['a', 'b', 'c'].map((value) => publisher.publish({ topic, key: 'CP1', value })));
    const subscription = await subscriber.subscribe(
      { groupId: uniqueName('secured'), topics: [topic], fromBeginning: true },
      async (m) => void seen.push(m),
    );
    await waitFor(() => seen.length === 3, { timeoutMs: 30_000, message: 'three records consumed' });
    await subscription.close();
  } finally {
    await subscriber.close();
    await publisher.close();
  }
  return seen;
}

/** The error connecting an admin client throws (after kafkajs retried connection errors for a few seconds). */
async function connectError(kafka: Kafka): Promise<Error> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    return error as Error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  throw new Error('connected although it should not have');
}

const saslSsl = (mechanism: string, more: Record<string, string> = {}): Record<string, string> => ({
  KAFKA_BROKERS: secured.saslSslBrokers.join(','),
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: mechanism,
  KAFKA_SASL_USERNAME: secured.username,
  KAFKA_SSL_CA_FILE: secured.caFile,
  ...more,
});

const mtls = (more: Record<string, string> = {}): Record<string, string> => ({
  KAFKA_BROKERS: secured.mtlsBrokers.join(','),
  KAFKA_SECURITY_PROTOCOL: 'SSL',
  KAFKA_SSL_CA_FILE: secured.caFile,
  ...more,
});

describe('Kafka client security (SASL_SSL and mutual TLS on the real broker)', () => {
  afterAll(async () => {
    await deleteTopics(plaintext, topics);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'])('SASL_SSL with %s: creates a topic, produces and consumes', async (mechanism) => {
    const seen = await roundTrip(clientFrom(saslSsl(mechanism, { KAFKA_SASL_PASSWORD: secured.password })));
    expect(seen.map((m) => m.value).sort()).toEqual(['a', 'b', 'c']);
  });

  it('SASL_SSL with the password from a file (a mounted Secret, trailing newline and all)', async () => {
    const passwordFile = fileWith('sasl-password', `${secured.password}\n`);
    const seen = await roundTrip(clientFrom(saslSsl('SCRAM-SHA-512', { KAFKA_SASL_PASSWORD_FILE: passwordFile })));
    expect(seen).toHaveLength(3);
  });

  it.each(['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'])(
    '%s with a wrong password fails at once with an authentication error',
    async (mechanism) => {
      const started = Date.now();
      const error = await connectError(clientFrom(saslSsl(mechanism, { KAFKA_SASL_PASSWORD: 'not-the-password' })));
      expect(error.name).toBe('KafkaJSSASLAuthenticationError');
      // e.g. "SASL SCRAM SHA512 authentication failed: … due to invalid credentials with SASL mechanism SCRAM-SHA-512"
      expect(error.message).toMatch(
        /^SASL (PLAIN|SCRAM SHA(256|512)) authentication failed: .*(invalid credentials|Invalid username or password)/,
      );
      expect(Date.now() - started).toBeLessThan(10_000); // not retried
    },
  );

  it('mutual TLS: a client certificate with an encrypted key (password from a file) produces and consumes', async () => {
    const seen = await roundTrip(
      clientFrom(
        mtls({
          KAFKA_SSL_CERT_FILE: secured.clientCertFile,
          KAFKA_SSL_KEY_FILE: secured.clientKeyFile,
          KAFKA_SSL_KEY_PASSWORD_FILE: fileWith('key-password', `${secured.clientKeyPassword}\n`),
          // the broker is reached by IP; its certificate names localhost too
          KAFKA_SSL_SERVERNAME: 'localhost',
        }),
      ),
    );
    expect(seen).toHaveLength(3);
  });

  // Connection errors are retried for seconds: the refusals run side by side.
  it('refuses an untrusted broker certificate, a wrong server name and a missing client certificate', async () => {
    const clientCert = { KAFKA_SSL_CERT_FILE: secured.clientCertFile, KAFKA_SSL_KEY_FILE: secured.clientKeyFile };
    const keyPassword = { KAFKA_SSL_KEY_PASSWORD: secured.clientKeyPassword };
    const [otherCa, publicCas, wrongName, noClientCert] = await Promise.all([
      connectError(clientFrom(saslSsl('SCRAM-SHA-512', { KAFKA_SASL_PASSWORD: secured.password, KAFKA_SSL_CA_FILE: secured.otherCaFile }))),
      connectError(clientFrom({ ...saslSsl('PLAIN', { KAFKA_SASL_PASSWORD: secured.password }), KAFKA_SSL_CA_FILE: '' })),
      connectError(clientFrom(mtls({ ...clientCert, ...keyPassword, KAFKA_SSL_SERVERNAME: 'kafka.example' }))),
      connectError(clientFrom(mtls())),
    ]);
    expect(otherCa.message).toMatch(/self-signed certificate in certificate chain/);
    expect(publicCas.message).toMatch(/self-signed certificate in certificate chain/);
    expect(wrongName.message).toMatch(/Hostname\/IP does not match certificate's altnames: Host: kafka\.example/);
    expect(noClientCert.message).toMatch(/alert (bad certificate|certificate required)/);
  }, 90_000);
});
