import { context, contextFromTraceparent, startTelemetry } from '@voltlane/telemetry';
import { infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import type { KafkaMessage } from 'kafkajs';
import { PACKED_HEADERS } from './packed-headers';
import { createKafka, deleteTopics, ensureTopics } from './kafka-client';
import { KafkaBatchPublisher } from './kafka-batch-publisher';

const env = infraEnv();
const FRAME_TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const CDR_TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/**
 * On the wire, every record carries the W3C `traceparent` as a Kafka header of its own, so any
 * consumer (a billing system reading billing.cdrs.v1 with its own tracing) can join it to its trace.
 */
describe('Kafka records carry a traceparent header of their own', () => {
  const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'trace-headers-spec' });
  const packedTopic = uniqueName('packed');
  const plainTopic = uniqueName('plain');
  const publisher = new KafkaBatchPublisher(kafka, { maxBatchSize: 100, lingerMs: 2, packedHeaderTopics: [packedTopic] });

  beforeAll(async () => {
    startTelemetry({ serviceName: 'trace-headers-spec', env: {} });
    await ensureTopics(kafka, [
      { topic: packedTopic, numPartitions: 1 },
      { topic: plainTopic, numPartitions: 1 },
    ]);
  });
  afterAll(async () => {
    await publisher.close();
    await deleteTopics(kafka, [packedTopic, plainTopic]);
  });

  it('from the record’s own headers (packed topic) or the publisher’s active trace (any topic)', async () => {
    await Promise.all([
      publisher.publish({
        topic: packedTopic,
        key: 'CP-1',
        value: '[2,"m1","Heartbeat",{}]',
        headers: { 'ocpp-action': 'Heartbeat', traceparent: FRAME_TRACE },
      }),
      context.with(contextFromTraceparent(CDR_TRACE), () => publisher.publish({ topic: plainTopic, key: 'CP-1', value: '{"cdrId":"c1"}' })),
    ]);
    const consumer = kafka.consumer({ groupId: uniqueName('g') });
    const seen = new Map<string, KafkaMessage>();
    await consumer.connect();
    await consumer.subscribe({ topics: [packedTopic, plainTopic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic, message }) => void seen.set(topic, message) });
    try {
      await waitFor(() => seen.size === 2, { message: 'both records' });
    } finally {
      await consumer.disconnect();
    }
    const packed = seen.get(packedTopic)!.headers!;
    expect(String(packed.traceparent)).toBe(FRAME_TRACE);
    // The packed header keeps the rest, without a second copy of the trace context.
    expect(JSON.parse(String(packed[PACKED_HEADERS]))).toEqual({ 'ocpp-action': 'Heartbeat' });
    expect(String(seen.get(plainTopic)!.headers!.traceparent)).toBe(CDR_TRACE);
  });
});
