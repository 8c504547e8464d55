/** A record to publish on the bus (Kafka in distributed mode). */
export interface BusRecord {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** A record as a consumer receives it. */
export interface BusMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  timestamp: string;
}

export interface EventPublisher {
  /**
   * Queues the record for the next batch; resolves once the broker acknowledged it (acks=all)
   * and rejects if it could not be written. Callers on hot paths attach handlers instead of
   * awaiting each record.
   */
  publish(record: BusRecord): Promise<void>;
  close(): Promise<void>;
}

export interface SubscriptionOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /**
   * For a consumer nobody waits on (read models, projections): how long a fetch may wait to
   * gather records (Kafka: fetch max wait with a large minimum size). Fewer, fuller fetches cost
   * the broker and the consumer less CPU; each record waits up to this long. Unset: a fetch is
   * answered as soon as one record is there.
   */
  batchWindowMs?: number;
}

export type BusHandler = (message: BusMessage) => Promise<void>;

export interface Subscription {
  close(): Promise<void>;
}

export interface EventSubscriber {
  /** `messaging.system` of its records' spans: `kafka`, or `voltlane_in_process` for the all-in-one's bus. */
  readonly messagingSystem?: 'kafka' | 'voltlane_in_process';
  /**
   * Delivers each record of the topics to the handler, in order per key, at least once: the
   * offset is committed only after the handler resolved.
   */
  subscribe(options: SubscriptionOptions, handler: BusHandler): Promise<Subscription>;
  /** Resolves once every subscription so far receives records (a Kafka consumer group joined); an in-process bus has nothing to wait for. */
  joined?(): Promise<void>;
}
