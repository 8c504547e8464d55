import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { BusHandler, BusMessage, EventSubscriber, Subscription, SubscriptionOptions } from '../ports/event-bus.port';
import { processKeyedBatch } from './keyed-batch-processor';
import { unpackHeaders } from './packed-headers';

export interface KafkaSubscriberOptions {
  /** Partitions whose batches are processed at the same time. */
  partitionsConsumedConcurrently?: number;
  /** Keys of one partition batch processed at the same time (one key's records stay in order). */
  keysConsumedConcurrently?: number;
  /**
   * How long a fetch waits on the broker for new records (kafkajs: 5 s). Closing a subscription
   * waits for the fetch in flight, so this bounds each consumer's shutdown: 5 s per consumer made
   * a service with four consumers take up to 20 s to stop. An idle consumer asks once per interval.
   */
  idleFetchWaitMs?: number;
}

/** See KafkaSubscriberOptions.idleFetchWaitMs. */
export const IDLE_FETCH_WAIT_MS = 1_000;

/**
 * Consumer-group subscriptions, consumed batch by batch: within a partition's batch different
 * keys (stations) are handled concurrently and the records of one key one after another, in
 * order. An offset is resolved and committed only once it and every record before it in the
 * partition were handled, so a crash re-delivers rather than loses (at least once), and a
 * station's frames are never reordered.
 */
export class KafkaSubscriber implements EventSubscriber {
  readonly messagingSystem = 'kafka';
  private readonly consumers = new Set<Consumer>();
  /** Each open subscription's first group join (see `joined`). */
  private readonly joins = new Map<Consumer, Promise<void>>();
  /** Consumer lag by group/topic/partition after each batch (for metrics). */
  readonly lag = new Map<string, { groupId: string; topic: string; partition: number; lag: number }>();

  private readonly partitionsConsumedConcurrently: number;
  private readonly keysConsumedConcurrently: number;
  private readonly idleFetchWaitMs: number;

  constructor(
    private readonly kafka: Kafka,
    options: KafkaSubscriberOptions = {},
  ) {
    this.partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 4;
    this.keysConsumedConcurrently = options.keysConsumedConcurrently ?? 64;
    this.idleFetchWaitMs = options.idleFetchWaitMs ?? IDLE_FETCH_WAIT_MS;
  }

  async subscribe(options: SubscriptionOptions, handler: BusHandler): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: true,
      maxWaitTimeInMs: this.idleFetchWaitMs,
      ...(options.batchWindowMs !== undefined ? { minBytes: 256 * 1024, maxWaitTimeInMs: options.batchWindowMs } : {}),
    });
    this.consumers.add(consumer);
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.lag.set(`${options.groupId}/${payload.topic}/${payload.partition}`, {
        groupId: options.groupId,
        topic: payload.topic,
        partition: payload.partition,
        lag: Number(payload.offsetLag),
      });
    });
    // The first join resolves `joined()`. After a rebalance this member reports only the partitions
    // it was given: a partition that moved to another member keeps no stale lag here.
    let joined = (): void => undefined;
    this.joins.set(consumer, new Promise<void>((resolve) => (joined = resolve)));
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.forgetLag(options.groupId, payload.memberAssignment);
      joined();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatchAutoResolve: false,
      // A long batch commits its done prefix every second, not only at its end.
      autoCommitInterval: 1_000,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const records = batch.messages.map((message) => toBusMessage(batch.topic, batch.partition, message));
        await processKeyedBatch(records, handler, {
          maxConcurrency: this.keysConsumedConcurrently,
          shouldContinue: () => payload.isRunning() && !payload.isStale(),
          onDone: async (offset) => {
            payload.resolveOffset(offset);
            await payload.commitOffsetsIfNecessary();
            await payload.heartbeat();
          },
        });
      },
    });
    return {
      close: async () => {
        this.consumers.delete(consumer);
        this.joins.delete(consumer);
        await consumer.disconnect();
        this.forgetLag(options.groupId, {});
      },
    };
  }

  /**
   * Resolves once every subscription made so far has joined its consumer group and been given its
   * partitions: `subscribe` resolves when the consumer runs, the join follows, and on a busy
   * broker it can take seconds. A test that starts a stack waits for this before it sends anything.
   */
  async joined(): Promise<void> {
    await Promise.all(this.joins.values());
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    this.joins.clear();
    this.lag.clear();
  }

  /** Drops the lag of the group's partitions that are not in `assignment` (topic → partitions). */
  private forgetLag(groupId: string, assignment: Record<string, number[]>): void {
    for (const [key, entry] of this.lag) {
      if (entry.groupId === groupId && !assignment[entry.topic]?.includes(entry.partition)) this.lag.delete(key);
    }
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
    headers: unpackHeaders(headers),
    timestamp: message.timestamp,
  };
}
