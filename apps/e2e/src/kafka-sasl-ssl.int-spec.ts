// The stack as the client of a managed Kafka: the gateway and the station-service reach the broker
// only through its SASL_SSL listener (SCRAM-SHA-512, the test CA of deploy/local/infra.sh), set by
// the same variables a deployment sets. The harness itself records the topics over PLAINTEXT.
import { startStationService } from '@voltlane/station-service';
import { createLogger } from '@voltlane/telemetry';
import { kafkaSecurityEnv, uniqueName, waitFor, type Frame } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

const BOOT = { reason: 'PowerUp', chargingStation: { vendorName: 'Voltlane', model: 'VL-DC50' } };

describe('the stack on a SASL_SSL Kafka (gateway and station-service authenticate with SCRAM over TLS)', () => {
  const secured = kafkaSecurityEnv();
  const kafkaEnv = {
    KAFKA_BROKERS: secured.saslSslBrokers.join(','),
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: secured.username,
    KAFKA_SASL_PASSWORD: secured.password,
    KAFKA_SSL_CA_FILE: secured.caFile,
  };
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await StackHarness.start({ services: ['station'], serviceEnv: { ...kafkaEnv, STATION_SERVICE_UNKNOWN_STATIONS: 'accept' } });
  }, 90_000);
  afterAll(async () => {
    await harness?.stop();
  });

  it('a station boots: the gateway produces, the station-service consumes and answers, both over SASL_SSL', async () => {
    const id = uniqueName('sasl');
    const station = await harness.connect(id, 'ocpp2.0.1');
    let answer: Frame = [];
    // The service's consumer group may still be joining: the first CALLs can time out.
    await waitFor(async () => (answer = await station.call('BootNotification', BOOT))[0] === 3, { timeoutMs: 45_000, intervalMs: 10 });
    expect(answer[2]).toMatchObject({ status: 'Accepted' });
    const record = await harness.waitForRecord('OcppInbound', (m) => m.key === id);
    expect(JSON.parse(record.value)).toEqual([2, expect.any(String), 'BootNotification', BOOT]);
    const ready = await fetch(`http://127.0.0.1:${String(harness.gateway.opsPort)}/health/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: expect.arrayContaining([{ name: 'kafka', status: 'ok' }]) });
  }, 60_000);

  it('a service with a wrong Kafka password does not start, and says why', async () => {
    const start = startStationService({
      env: { ...harness.serviceEnv, KAFKA_SASL_PASSWORD: 'not-the-password', STATION_SERVICE_DB_SCHEMA: uniqueName('station') },
      logger: createLogger('e2e', process.env.TEST_LOG_LEVEL ?? 'silent'),
    });
    await expect(start).rejects.toThrow(/SASL SCRAM SHA512 authentication failed: .*invalid credentials/);
  });
});
