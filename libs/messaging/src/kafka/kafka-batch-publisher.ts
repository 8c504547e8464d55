import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { BusRecord, EventPublisher } from '../ports/event-bus.port';
import { packHeaders } from './packed-headers';
import { TRACEPARENT, startRecordSend, withTraceparent, type RecordSend } from '../tracing/record-tracing';

export interface BatchOptions {
  /** Flush once this many records are queued. */
  maxBatchSize: number;
  /** Flush at the latest this long after the first queued record. */
  lingerMs: number;
  /** Called after each batch with its size, duration and outcome (metrics). */
  onBatch?: (size: number, seconds: number, ok: boolean) => void;
  /** Topics whose records carry their headers packed in one Kafka header (see packed-headers.ts). */
  packedHeaderTopics?: readonly string[];
}

interface Pending {
  record: BusRecord;
  /** The record's send span and the `traceparent` it is sent with. */
  send: RecordSend;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * An idempotent kafkajs producer (acks=all) behind a batching queue: records are sent by count
 * or after a few milliseconds, one batch in flight at a time so per-key order holds.
 */
export class KafkaBatchPublisher implements EventPublisher {
  private readonly producer: Producer;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** The batch being sent: its size and when it started (metrics: a producer stuck retrying). */
  private inFlightBatch = { size: 0, since: 0 };
  private connected: Promise<void> | undefined;
  private closed = false;
  private lastFailureAt = 0;
  private readonly packed: ReadonlySet<string>;
  /** Records the brokers acknowledged (`sent`) and records whose batch failed (`failed`), by topic (metrics). */
  readonly produced = new Map<string, { sent: number; failed: number }>();

  constructor(
    kafka: Kafka,
    private readonly options: BatchOptions = { maxBatchSize: 500, lingerMs: 2 },
  ) {
    this.packed = new Set(options.packedHeaderTopics ?? []);
    // Idempotent with acks=all: retries are unlimited (a lost batch would be a lost frame); the
    // gateway answers the waiting station CALLs by its own reply timeout meanwhile.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { initialRetryTime: 100, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
  }

  async connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    await this.connected;
  }

  publish(record: BusRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('publisher is closed'));
    const send = startRecordSend(record, 'kafka');
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, send, resolve, reject });
      if (this.queue.length >= this.options.maxBatchSize) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.options.lingerMs);
    });
  }

  /** Sends everything queued so far and waits for it. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight) {
      this.kick();
      await this.inFlight;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.producer.disconnect();
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlightBatch = { size: batch.length, since: performance.now() };
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = undefined;
      this.inFlightBatch = { size: 0, since: 0 };
      if (this.queue.length > 0) this.kick();
    });
  }

  /**
   * Records queued or being sent, and how long the batch being sent has been in flight (0 when
   * none): with unlimited retries a broker outage shows here, not as failed sends.
   */
  backlog(): { records: number; inFlightSeconds: number } {
    const { size, since } = this.inFlightBatch;
    return { records: this.queue.length + size, inFlightSeconds: size > 0 ? (performance.now() - since) / 1000 : 0 };
  }

  /** Rejects when the producer is not connected or a batch failed in the last 30 s. */
  async ready(): Promise<void> {
    await this.connect();
    if (Date.now() - this.lastFailureAt < 30_000) throw new Error('a batch failed in the last 30 s');
  }

  private async send(batch: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await this.connect();
      const topicMessages = groupByTopic(batch, this.packed);
      await this.producer.sendBatch({ acks: -1, topicMessages });
      for (const { topic, messages } of topicMessages) this.tally(topic).sent += messages.length;
      this.options.onBatch?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9, true);
      for (const p of batch) {
        p.send.done();
        p.resolve();
      }
    } catch (error) {
      this.lastFailureAt = Date.now();
      for (const { record } of batch) this.tally(record.topic).failed++;
      this.options.onBatch?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9, false);
      const err = error instanceof Error ? error : new Error(String(error));
      for (const p of batch) {
        p.send.done(err);
        p.reject(err);
      }
    }
  }

  private tally(topic: string): { sent: number; failed: number } {
    let counts = this.produced.get(topic);
    if (!counts) this.produced.set(topic, (counts = { sent: 0, failed: 0 }));
    return counts;
  }
}

function groupByTopic(batch: Pending[], packed: ReadonlySet<string>): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { record, send } of batch) {
    let messages = byTopic.get(record.topic);
    if (!messages) byTopic.set(record.topic, (messages = []));
    let headers = record.headers;
    if (headers && packed.has(record.topic)) {
      const { [TRACEPARENT]: _carried, ...rest } = headers;
      headers = packHeaders(rest);
    }
    // Every record carries the W3C trace context as a header of its own, readable by any consumer.
    messages.push({ key: record.key, value: record.value, headers: withTraceparent(headers, send.traceparent) });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
