/**
 * Measures the Kafka leg of the pipeline: from the gateway receiving a station CALL (the
 * `received-at` header it sets) until the record is delivered to a consumer, using its own
 * consumer group on the run's inbound topic. Same clock, same machine.
 */
import type { Consumer } from 'kafkajs';
import { InboundHeader, Topics } from '@voltlane/contracts';
import { createKafka, toBusMessage } from '@voltlane/messaging';
import { Histogram } from './histogram';
import { pollUntil } from './proc';

export class KafkaLegProbe {
  histogram = new Histogram();
  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string, suffix: string, groupId: string): Promise<KafkaLegProbe> {
    const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench-probe' });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
    const probe = new KafkaLegProbe(consumer);
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => void (joined = true));
    await consumer.connect();
    await consumer.subscribe({ topics: [`${Topics.OcppInbound}${suffix}`], fromBeginning: false });
    await consumer.run({
      partitionsConsumedConcurrently: 12,
      eachMessage: async ({ topic, partition, message }) => {
        // toBusMessage unpacks the record's packed headers (ocpp.inbound.v1 contract).
        const header = toBusMessage(topic, partition, message).headers[InboundHeader.ReceivedAt];
        const at = header ? Date.parse(header) : NaN;
        if (Number.isFinite(at)) probe.histogram.record(Date.now() - at);
      },
    });
    await pollUntil(() => joined, 60_000, 'the probe consumer to join');
    return probe;
  }

  reset(): Histogram {
    const h = this.histogram;
    this.histogram = new Histogram();
    return h;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }
}
