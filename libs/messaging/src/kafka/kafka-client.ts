import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { KafkaSasl, KafkaSecurity } from '@voltlane/config';
import { installRequestQueueIdleFix } from './request-queue-idle-fix';

/** `ssl` and `sasl`: the client security read from KAFKA_SECURITY_PROTOCOL & co. (`infraConfig(...).kafka.security`). */
export interface KafkaClientOptions extends KafkaSecurity {
  brokers: string[];
  clientId: string;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

/** One kafkajs client per process; producers and consumers are created from it. */
export function createKafka(options: KafkaClientOptions): Kafka {
  installRequestQueueIdleFix();
  const log = options.log;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.ssl ? { ssl: { ...options.ssl } } : {}),
    ...(options.sasl ? { sasl: saslOptions(options.sasl) } : {}),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      if (!log) return;
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log as LogEntry['log'] & { logger?: string };
      const level = entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'info';
      log(level, `kafka ${entry.namespace || 'client'}: ${message}`, extra);
    },
  });
}

/** kafkajs names the mechanisms in lower case. */
function saslOptions({ mechanism, username, password }: KafkaSasl): SASLOptions {
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** Metadata errors a broker answers while a just-created topic is still propagating to it. */
const PROPAGATING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Creates topics that do not exist yet (idempotent, safe when several processes race) and waits
 * until every partition has a leader. kafkajs' own `waitForLeaders` retries only
 * LEADER_NOT_AVAILABLE, but a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION until the new topic
 * reaches its metadata cache, so the wait is done here and tolerates both.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: { topic: string; numPartitions: number }[],
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({ waitForLeaders: false, topics: missing });
    const names = missing.map((t) => t.topic);
    for (;;) {
      try {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: names });
        const led = described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (led && described.length === names.length) return;
      } catch (error) {
        if (!PROPAGATING.has((error as { type?: string }).type ?? '')) throw error;
      }
      if (Date.now() > deadline)
        throw new Error(`Kafka topics ${names.join(', ')} have no leaders after ${options.timeoutMs ?? 30_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes topics, best effort (for tests and benchmarks that make topics of their own): a topic
 * holds open files in the broker for each partition, so a suite that leaves its topics behind
 * grows the broker's descriptor count for every later suite. Never throws; gives up after
 * `timeoutMs`.
 */
export async function deleteTopics(kafka: Kafka, topics: string[], options: { timeoutMs?: number } = {}): Promise<void> {
  if (topics.length === 0) return;
  const timeout = options.timeoutMs ?? 10_000;
  const admin = kafka.admin();
  const attempt = (async () => {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout });
  })();
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout + 1_000)));
  await Promise.race([attempt.catch(() => undefined), expiry]);
  clearTimeout(timer);
  await admin.disconnect().catch(() => undefined);
}
