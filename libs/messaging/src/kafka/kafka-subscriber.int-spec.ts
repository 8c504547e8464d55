import { infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import type { Admin } from 'kafkajs';
import { createKafka, ensureTopics } from './kafka-client';
import { KafkaBatchPublisher } from './kafka-batch-publisher';
import { KafkaSubscriber } from './kafka-subscriber';
import type { BusMessage } from '../ports/event-bus.port';

const env = infraEnv();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Concurrent per-key consumption on a real broker. Every topic here has ONE partition, so any
 * concurrency observed is between keys of the same partition, not between partitions.
 */
describe('KafkaSubscriber: keys of a partition concurrently, each key in order, at least once', () => {
  const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'subscriber-spec' });
  const publisher = new KafkaBatchPublisher(kafka, { maxBatchSize: 500, lingerMs: 5 });
  let admin: Admin;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await publisher.close();
    await admin.disconnect();
  });

  /** Publishes `perKey` records for each key, interleaved: offset i has key i % keys, value "key:seq". */
  async function fill(keys: string[], perKey: number): Promise<string> {
    const topic = uniqueName('keyed');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const records = Array.from({ length: keys.length * perKey }, (_, i) => ({
      topic,
      key: keys[i % keys.length],
      value: `${keys[i % keys.length]}:${Math.floor(i / keys.length)}`,
    }));
    await Promise.all(records.map((r) => publisher.publish(r)));
    return topic;
  }

  async function committed(groupId: string, topic: string): Promise<number> {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry.partitions[0].offset);
  }

  const seqOf = (m: BusMessage) => Number(m.value.split(':')[1]);

  it('handles different keys of one partition concurrently, and each key in its order exactly as published', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `CP${i}`);
    const topic = await fill(keys, 25);
    const groupId = uniqueName('g');
    const subscriber = new KafkaSubscriber(kafka, { keysConsumedConcurrently: 8 });
    const seen = new Map<string, number[]>();
    let running = 0;
    let peak = 0;
    const sub = await subscriber.subscribe({ groupId, topics: [topic], fromBeginning: true }, async (m) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(Math.random() * 4);
      seen.set(m.key, [...(seen.get(m.key) ?? []), seqOf(m)]);
      running--;
    });
    try {
      await waitFor(() => [...seen.values()].reduce((n, s) => n + s.length, 0) === 300, { timeoutMs: 30_000, message: '300 records' });
      await waitFor(async () => (await committed(groupId, topic)) === 300, { timeoutMs: 10_000, message: 'offset 300 committed' });
    } finally {
      await sub.close();
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(8);
    for (const key of keys) expect(seen.get(key)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('commits an offset only when every record before it is done, however many later records finished', async () => {
    const keys = ['A', 'B', 'C', 'SLOW', 'D'];
    const topic = await fill(keys, 10); // SLOW:0 is offset 3
    const groupId = uniqueName('g');
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const handled = new Set<string>();
    const sub = await new KafkaSubscriber(kafka).subscribe({ groupId, topics: [topic], fromBeginning: true }, async (m) => {
      if (m.value === 'SLOW:0') await slow;
      handled.add(m.value);
    });
    try {
      // Every other key finishes all its records while SLOW:0 is still running...
      await waitFor(() => handled.size === 40, { timeoutMs: 20_000, message: 'the 40 records of the other keys' });
      await sleep(2_500); // longer than the 1 s commit interval
      // ...and yet nothing past offset 3 is committed.
      expect(await committed(groupId, topic)).toBeLessThanOrEqual(3);
      expect(handled.has('SLOW:1')).toBe(false); // SLOW's next record waits for SLOW:0
      release();
      await waitFor(async () => (await committed(groupId, topic)) === 50, { timeoutMs: 10_000, message: 'offset 50 committed' });
      expect(handled.size).toBe(50);
    } finally {
      release();
      await sub.close();
    }
  });

  it('after a consumer crashes mid-batch, the next one re-delivers everything not done, in order per key', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const topic = await fill(keys, 20); // b:5 is offset 26
    const groupId = uniqueName('g');
    const firstRun: BusMessage[] = [];
    let failures = 0;
    const first = await new KafkaSubscriber(kafka).subscribe({ groupId, topics: [topic], fromBeginning: true }, async (m) => {
      if (m.value === 'b:5') {
        failures++;
        throw new Error('handler crashed');
      }
      firstRun.push(m);
    });
    // The failing batch is retried by the same consumer (re-delivered from the first record not done)...
    await waitFor(() => failures >= 2, { timeoutMs: 20_000, message: 'b:5 re-delivered after the failure' });
    await first.close(); // ...then the process "dies".
    const committedAfterCrash = await committed(groupId, topic);
    expect(committedAfterCrash).toBeLessThanOrEqual(26); // never past the record that failed
    // Nothing of b after b:5 ran while b:5 had not succeeded.
    expect(firstRun.filter((m) => m.key === 'b').map(seqOf)).toEqual([0, 1, 2, 3, 4]);

    const secondRun: BusMessage[] = [];
    const second = await new KafkaSubscriber(kafka).subscribe(
      { groupId, topics: [topic], fromBeginning: true },
      async (m) => void secondRun.push(m),
    );
    try {
      await waitFor(async () => (await committed(groupId, topic)) === 100, {
        timeoutMs: 20_000,
        message: 'offset 100 committed by the second consumer',
      });
    } finally {
      await second.close();
    }
    // Re-delivery starts at the committed offset: the failed record and all after it come again.
    expect(Number(secondRun[0].offset)).toBe(Math.max(committedAfterCrash, 0));
    expect(secondRun.map((m) => m.value)).toContain('b:5');
    // Nothing is lost: every record was handled by one of the two consumers.
    const all = new Set([...firstRun, ...secondRun].map((m) => m.value));
    expect(all.size).toBe(100);
    // The second consumer got exactly the records from the committed offset on, each key in order.
    const from = Math.max(committedAfterCrash, 0);
    keys.forEach((key, k) => {
      const expected = Array.from({ length: 20 }, (_, seq) => seq).filter((seq) => seq * keys.length + k >= from);
      expect(secondRun.filter((m) => m.key === key).map(seqOf)).toEqual(expected);
    });
  });

  it('joined() resolves once every open subscription has its partitions; a closed one is not waited for', async () => {
    const topic = await fill(['K'], 3);
    const subscriber = new KafkaSubscriber(kafka);
    const seen: string[] = [];
    const handler = async (m: BusMessage) => void seen.push(m.value);
    // Closed before it could join: joined() must not wait for it.
    const closed = await subscriber.subscribe({ groupId: uniqueName('g'), topics: [topic], fromBeginning: true }, handler);
    await closed.close();
    seen.length = 0;
    const groupId = uniqueName('g');
    const sub = await subscriber.subscribe({ groupId, topics: [topic], fromBeginning: true }, handler);
    try {
      await subscriber.joined();
      // Joined: the group is stable with this member holding the partition.
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]).toMatchObject({ state: 'Stable' });
      expect(groups[0].members).toHaveLength(1);
      await waitFor(() => seen.length === 3, { timeoutMs: 10_000, message: 'three records' });
    } finally {
      await sub.close();
      await subscriber.close();
    }
  });
});
