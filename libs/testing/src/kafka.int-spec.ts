// The Kafka broker of deploy/local/infra.sh, driven with the client the services use (kafkajs 2.2.4):
// topic admin, idempotent keyed produce with headers, consumer groups with per-key order, and a
// second group member that takes over partitions without re-reading committed messages.
import { type Admin, type Consumer, type EachMessagePayload, type IHeaders, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { infraEnv, uniqueName, waitFor } from './infra-env';

interface Received {
  consumer: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

const KEYS = Array.from({ length: 24 }, (_, i) => `station-${i}`);
const PER_KEY = 5;

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map((v) => v.toString()).join(',');
  }
  return out;
}

function messages(batch: string) {
  // Round-robin over the keys, so each key's messages are spread through the send and the
  // per-key order check below means something.
  const out = [];
  for (let seq = 0; seq < PER_KEY; seq += 1) {
    for (const key of KEYS) {
      out.push({
        key,
        value: JSON.stringify({ batch, key, seq }),
        headers: { batch, seq: String(seq), action: 'MeterValues', traceparent: `00-${key}-${seq}` },
      });
    }
  }
  return out;
}

/** Asserts that every key stayed on one partition and arrived in the order it was sent. */
function expectPerKeyOrder(received: Received[]): void {
  const byKey = new Map<string, Received[]>();
  for (const r of received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const [key, list] of byKey) {
    expect(new Set(list.map((r) => r.partition)).size).toBe(1);
    const seqs = list.map((r) => Number(r.headers.seq));
    expect({ key, seqs }).toEqual({ key, seqs: [...seqs].sort((a, b) => a - b) });
  }
}

describe('Kafka (kafkajs 2.2.4 against the local broker)', () => {
  const kafka = new Kafka({
    clientId: uniqueName('voltlane_testing'),
    brokers: infraEnv().kafkaBrokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  const topic = uniqueName('testing_kafka');
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  /** Joins `groupId`, reads the topic from the beginning into `sink`, and tracks its assignment. */
  async function startConsumer(groupId: string, name: string, sink: Received[], assignments: Map<string, number[]>) {
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 250,
      retry: { retries: 8, initialRetryTime: 100 },
    });
    consumers.push(consumer);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      assignments.set(name, event.payload.memberAssignment[topic] ?? []);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }: EachMessagePayload) => {
        sink.push({
          consumer: name,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: headerText(message.headers),
        });
      },
    });
    return consumer;
  }

  /** Committed offsets of the group equal the end offsets of every partition. */
  async function allCommitted(groupId: string): Promise<boolean> {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every(({ partition, high }) => committed.partitions.some((p) => p.partition === partition && p.offset === high));
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await producer?.disconnect();
    if (admin) {
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('creates a topic with 3 partitions and lists it', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    expect(await admin.listTopics()).toContain(topic);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
  });

  it('delivers idempotently produced keyed messages to a group, headers intact and in per-key order', async () => {
    const sent = messages('one');
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);

    const received: Received[] = [];
    await startConsumer(uniqueName('group_one'), 'only', received, new Map());
    await waitFor(() => received.length >= sent.length, { timeoutMs: 30_000, message: `${sent.length} messages` });

    expect(received).toHaveLength(sent.length); // exactly once each: the producer is idempotent
    const byValue = new Map(received.map((r) => [r.value, r]));
    for (const m of sent) {
      const r = byValue.get(m.value);
      expect(r).toBeDefined();
      expect(r?.key).toBe(m.key);
      expect(r?.headers).toEqual(m.headers);
    }
    expectPerKeyOrder(received);
    // the keys spread over all three partitions (murmur2, as the Java client does)
    expect(new Set(received.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
  });

  // Uses the messages the previous test produced (tests in a file run in order).
  it('splits the partitions when a second member joins, without re-reading committed messages', async () => {
    const groupId = uniqueName('group_two');
    const received: Received[] = [];
    const assignments = new Map<string, number[]>();

    await startConsumer(groupId, 'a', received, assignments);
    const firstBatch = messages('one').length; // already on the topic from the previous test
    await waitFor(() => received.length >= firstBatch, { timeoutMs: 30_000, message: 'member a reads the topic' });
    await waitFor(() => allCommitted(groupId), { timeoutMs: 30_000, intervalMs: 200, message: 'offsets committed' });

    await startConsumer(groupId, 'b', received, assignments);
    // Stable when both members hold a non-empty, disjoint share that covers all partitions.
    await waitFor(
      () => {
        const a = assignments.get('a') ?? [];
        const b = assignments.get('b') ?? [];
        const all = [...a, ...b].sort();
        return a.length > 0 && b.length > 0 && all.join() === '0,1,2';
      },
      { timeoutMs: 45_000, intervalMs: 100, message: 'the group rebalances over two members' },
    );

    const second = messages('two');
    await producer.send({ topic, acks: -1, messages: second });
    await waitFor(() => received.length >= firstBatch + second.length, {
      timeoutMs: 30_000,
      message: `${second.length} more messages`,
    });
    // let any late duplicate show up before counting
    await new Promise((resolve) => setTimeout(resolve, 500));

    const fromFirst = received.filter((r) => r.headers.batch === 'one');
    const fromSecond = received.filter((r) => r.headers.batch === 'two');
    expect(fromFirst).toHaveLength(firstBatch); // committed messages were not handed out again
    expect(fromFirst.every((r) => r.consumer === 'a')).toBe(true);
    expect(fromSecond).toHaveLength(second.length);
    expect(new Set(fromSecond.map((r) => r.value)).size).toBe(second.length);

    for (const name of ['a', 'b']) {
      const mine = new Set(assignments.get(name));
      const got = fromSecond.filter((r) => r.consumer === name);
      expect(got.length).toBeGreaterThan(0);
      expect(got.every((r) => mine.has(r.partition))).toBe(true);
    }
    expectPerKeyOrder(fromSecond);
  });
});
