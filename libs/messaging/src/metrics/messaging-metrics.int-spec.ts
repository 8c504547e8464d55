import { Registry } from 'prom-client';
import { infraEnv, parseExposition, sampleValue, uniqueName, waitFor } from '@voltlane/testing';
import { createKafka, deleteTopics, ensureTopics } from '../kafka/kafka-client';
import { KafkaBatchPublisher } from '../kafka/kafka-batch-publisher';
import { createRedis } from '../redis/redis-client';
import { bindKafkaProducerMetrics, bindRedisMetrics } from './messaging-metrics';

const env = infraEnv();

describe('Kafka producer metrics, against the real broker', () => {
  const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: uniqueName('metrics') });
  const [open, small] = [uniqueName('metrics_open'), uniqueName('metrics_small')];
  const publisher = new KafkaBatchPublisher(kafka, { maxBatchSize: 10, lingerMs: 2 });
  const registry = new Registry();
  bindKafkaProducerMetrics(registry, [publisher]);
  const scrape = async () => parseExposition(await registry.metrics());

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic: open, numPartitions: 1 }]);
    // A topic that takes records of at most 1 000 bytes: a bigger one is refused by the broker.
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: small, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1000' }] }],
    });
    await admin.disconnect();
    await ensureTopics(kafka, [{ topic: small, numPartitions: 1 }]);
    await publisher.connect();
  });
  afterAll(async () => {
    await publisher.close();
    await deleteTopics(kafka, [open, small]);
  });

  it('counts acknowledged records by topic, and records whose send failed', async () => {
    await Promise.all([1, 2, 3].map((n) => publisher.publish({ topic: open, key: 'k', value: `v${n}` })));
    await expect(publisher.publish({ topic: small, key: 'k', value: 'x'.repeat(5_000) })).rejects.toThrow(
      /larger than the max message size/,
    );
    const metrics = await scrape();
    expect(sampleValue(metrics, 'voltlane_kafka_produced_records_total', { topic: open })).toBe(3);
    expect(sampleValue(metrics, 'voltlane_kafka_produce_errors_total', { topic: small })).toBe(1);
    expect(sampleValue(metrics, 'voltlane_kafka_produce_errors_total', { topic: open })).toBe(0);
    expect(sampleValue(metrics, 'voltlane_kafka_producer_queued_records')).toBe(0);
    expect(sampleValue(metrics, 'voltlane_kafka_producer_batch_in_flight_seconds')).toBe(0);
  });
});

describe('Redis metrics, against the real server', () => {
  const prefix = `${uniqueName('metrics')}:`;
  const redis = createRedis(env.redisUrl, `${prefix}abc:registry`);
  const admin = createRedis(env.redisUrl, uniqueName('admin'));
  const registry = new Registry();
  bindRedisMetrics(registry, [prefix]);
  const scrape = async () => parseExposition(await registry.metrics());

  afterAll(() => Promise.all([redis.quit(), admin.quit()]));

  it('reports the connection up, failed commands, and reconnections after the server dropped it', async () => {
    await redis.ping();
    let metrics = await scrape();
    expect(sampleValue(metrics, 'voltlane_redis_up', { client: 'registry' })).toBe(1);
    expect(sampleValue(metrics, 'voltlane_redis_command_errors_total', { client: 'registry' })).toBe(0);

    await expect(redis.call('NO_SUCH_COMMAND')).rejects.toThrow(/unknown command/i);
    await redis.set(`${prefix}string`, 'v', 'EX', 60);
    await expect(redis.hget(`${prefix}string`, 'f')).rejects.toThrow(/WRONGTYPE/);
    expect(sampleValue(await scrape(), 'voltlane_redis_command_errors_total', { client: 'registry' })).toBe(2);

    // The server closes the connection (as a Redis restart or failover would): ioredis reconnects.
    const id = await redis.client('ID');
    await admin.client('KILL', 'ID', String(id));
    await waitFor(async () => (sampleValue(await scrape(), 'voltlane_redis_reconnects_total', { client: 'registry' }) ?? 0) >= 1, {
      message: 'reconnect counted',
    });
    await redis.ping();
    metrics = await scrape();
    expect(sampleValue(metrics, 'voltlane_redis_up', { client: 'registry' })).toBe(1);
  });
});
