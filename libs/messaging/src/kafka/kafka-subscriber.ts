import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { BusHandler, BusMessage, EventSubscriber, Subscription, SubscriptionOptions } from '../ports/event-bus.port';

/**
 * Consumer-group subscriptions. Partitions are processed concurrently, records of one
 * partition (so of one key) one after another; an offset is committed after its handler
 * resolved, so a crash re-delivers rather than loses.
 */
export class KafkaSubscriber implements EventSubscriber {
  private readonly consumers = new Set<Consumer>();
  /** Consumer lag by group/topic/partition after each batch (for metrics). */
  readonly lag = new Map<string, { groupId: string; topic: string; partition: number; lag: number }>();

  constructor(private readonly kafka: Kafka, private readonly partitionsConsumedConcurrently = 4) {}

  async subscribe(options: SubscriptionOptions, handler: BusHandler): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: true,
    });
    this.consumers.add(consumer);
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.lag.set(`${options.groupId}/${payload.topic}/${payload.partition}`, { groupId: options.groupId, topic: payload.topic, partition: payload.partition, lag: Number(payload.offsetLag) });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachMessage: async ({ topic, partition, message }) => handler(toBusMessage(topic, partition, message)),
    });
    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
  }
}

export function toBusMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers,
    timestamp: message.timestamp,
  };
}
