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
  /** Serialises delivery so records reach the group in publish order. */
  tail: Promise<void>;
}

/**
 * The bus of the all-in-one process: every consumer group gets every record of its topics, in
 * publish order, one at a time. A failing handler is retried, as Kafka would re-deliver.
 */
export class InMemoryBus implements EventPublisher, EventSubscriber {
  private readonly groups = new Map<string, Group>();
  private offset = 0;

  constructor(private readonly onHandlerError: (error: unknown, message: BusMessage) => void = () => undefined) {}

  async publish(record: BusRecord): Promise<void> {
    const message: BusMessage = {
      topic: record.topic,
      partition: 0,
      offset: String(this.offset++),
      key: record.key,
      value: record.value,
      headers: { ...record.headers },
      timestamp: String(Date.now()),
    };
    for (const group of this.groups.values()) {
      if (!group.topics.has(record.topic) || group.handlers.length === 0) continue;
      group.tail = group.tail.then(() => this.deliver(group, message));
    }
  }

  async subscribe(options: SubscriptionOptions, handler: BusHandler): Promise<Subscription> {
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { topics: new Set(), handlers: [], next: 0, tail: Promise.resolve() };
      this.groups.set(options.groupId, group);
    }
    for (const topic of options.topics) group.topics.add(topic);
    group.handlers.push(handler);
    const owner = group;
    return {
      close: async () => {
        owner.handlers = owner.handlers.filter((h) => h !== handler);
      },
    };
  }

  /** Resolves when every record published so far has been handled. */
  async drain(): Promise<void> {
    await Promise.all([...this.groups.values()].map((g) => g.tail));
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
        await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 1_000)));
      }
    }
  }
}
