// A service's readiness (/health/ready) on a SASL_SSL Kafka: its admin client is built from the
// same security settings as the service's producers and consumers.
import { DataSource } from 'typeorm';
import { EnvReader, infraConfig, type InfraConfig } from '@voltlane/config';
import { infraEnv, kafkaSecurityEnv } from '@voltlane/testing';
import { infraReadiness } from './infra-readiness';

const env = infraEnv();
const secured = kafkaSecurityEnv();

function saslSslInfra(password: string): InfraConfig {
  const reader = new EnvReader({
    KAFKA_BROKERS: secured.saslSslBrokers.join(','),
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
    KAFKA_SASL_USERNAME: secured.username,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_SSL_CA_FILE: secured.caFile,
    REDIS_URL: env.redisUrl,
    DATABASE_URL: env.databaseUrl,
  });
  const infra = infraConfig(reader, 'readiness-spec');
  reader.done();
  return infra;
}

describe('infraReadiness on a SASL_SSL Kafka', () => {
  const dataSource = new DataSource({ type: 'postgres', url: env.databaseUrl });
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  async function outcomes(password: string): Promise<Record<string, string>> {
    const readiness = infraReadiness(dataSource, saslSslInfra(password), 'readiness-spec');
    try {
      const results = await Promise.all(
        readiness.checks.map(
          async (c) =>
            [
              c.name,
              await c.check().then(
                () => 'ok',
                (error: Error) => error.message,
              ),
            ] as const,
        ),
      );
      return Object.fromEntries(results);
    } finally {
      await readiness.close();
    }
  }

  it('is ready when the broker accepts its credentials', async () => {
    expect(await outcomes(secured.password)).toEqual({ postgres: 'ok', kafka: 'ok', redis: 'ok' });
  });

  it('reports the authentication failure of the Kafka check', async () => {
    const result = await outcomes('not-the-password');
    expect(result).toMatchObject({ postgres: 'ok', redis: 'ok' });
    expect(result.kafka).toMatch(/SASL SCRAM SHA256 authentication failed/);
  });
});
