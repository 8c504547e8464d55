import { currentTraceparent } from '@voltlane/telemetry';
import { TRACEPARENT, withTraceparent } from '../tracing/record-tracing';
import { backoffDelay, sleep } from '../retry/backoff';
import type {
  BusHandler,
  BusMessage,
  BusRecord,
  EventPublisher,
  EventSubscriber,
  Subscription,
  SubscriptionOptions,
} from '../ports/event-bus.port';

interface Group {
  topics: Set<string>;
  handlers: BusHandler[];
  /** Next handler to give a record to (round robin across the group's members). */
  next: number;
  /** The last delivery queued per key: a key's records reach the group in publish order. */
  tails: Map<string, Promise<void>>;
}

/**
 * The bus of the all-in-one process: every consumer group gets every record of its topics; the
 * records of one key (a station) one after another in publish order, different keys concurrently,
 * as the Kafka subscriber does. A handler that rejects gets the record again after a jittered,
 * capped back-off, as Kafka would re-deliver; only that key waits meanwhile.
 */
export class InMemoryBus implements EventPublisher, EventSubscriber {
  private readonly groups = new Map<string, Group>();
  private offset = 0;
  readonly messagingSystem = 'voltlane_in_process';

  constructor(private readonly onHandlerError: (error: unknown, message: BusMessage) => void = () => undefined) {}

  async publish(record: BusRecord): Promise<void> {
    const message: BusMessage = {
      topic: record.topic,
      partition: 0,
      offset: String(this.offset++),
      key: record.key,
      value: record.value,
      // The trace the record belongs to travels with it, as on Kafka.
      headers: withTraceparent(record.headers, record.headers?.[TRACEPARENT] ?? currentTraceparent()),
      timestamp: String(Date.now()),
    };
    for (const group of this.groups.values()) {
      if (!group.topics.has(record.topic) || group.handlers.length === 0) continue;
      const tail = (group.tails.get(message.key) ?? Promise.resolve()).then(() => this.deliver(group, message));
      group.tails.set(message.key, tail);
      void tail.then(() => {
        if (group.tails.get(message.key) === tail) group.tails.delete(message.key);
      });
    }
  }

  async subscribe(options: SubscriptionOptions, handler: BusHandler): Promise<Subscription> {
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { topics: new Set(), handlers: [], next: 0, tails: new Map() };
      this.groups.set(options.groupId, group);
    }
    for (const topic of options.topics) group.topics.add(topic);
    group.handlers.push(handler);
    const owner = group;
    return {
      // Like a Kafka consumer's disconnect, closing waits for the record in hand (the service
      // closes its database only after), and the group's queued records are not delivered to it.
      close: async () => {
        owner.handlers = owner.handlers.filter((h) => h !== handler);
        await Promise.all([...owner.tails.values()]);
      },
    };
  }

  /** Resolves when every record published so far has been handled. */
  async drain(): Promise<void> {
    await Promise.all([...this.groups.values()].flatMap((g) => [...g.tails.values()]));
  }

  async close(): Promise<void> {
    await this.drain();
    this.groups.clear();
  }

  private async deliver(group: Group, message: BusMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (group.handlers.length === 0) return;
      const handler = group.handlers[group.next++ % group.handlers.length];
      try {
        await handler(message);
        return;
      } catch (error) {
        this.onHandlerError(error, message);
        await sleep(backoffDelay(attempt, 100, 5_000));
      }
    }
  }
}
