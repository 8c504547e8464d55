import Redis from 'ioredis';
import { infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { createKafka, deleteTopics, ensureTopics } from './kafka/kafka-client';
import { KafkaBatchPublisher } from './kafka/kafka-batch-publisher';
import { KafkaSubscriber } from './kafka/kafka-subscriber';
import { RedisConnectionRegistry } from './redis/redis-connection-registry';
import { RedisReplyChannel } from './redis/redis-reply-channel';
import { RedisStationCredentialStore } from './redis/redis-station-credential-store';
import type { BusMessage } from './ports/event-bus.port';

const env = infraEnv();

describe('Redis adapters', () => {
  const registry = new RedisConnectionRegistry(env.redisUrl, 'spec');
  const channel = new RedisReplyChannel(env.redisUrl, 'spec');
  const credentials = new RedisStationCredentialStore(env.redisUrl, 'spec');
  // Reads the TTL of a registry entry (the registry's key layout: voltlane:conn:<stationId>).
  const inspector = new Redis(env.redisUrl, { maxRetriesPerRequest: 2 });
  const pttl = (stationId: string) => inspector.pttl(`voltlane:conn:${stationId}`);
  afterAll(() => Promise.all([registry.close(), channel.close(), credentials.close(), inspector.quit()]));

  const entry = (connectionId: string, gatewayInstance: string) => ({
    gatewayInstance,
    connectionId,
    protocol: 'ocpp2.0.1' as const,
    connectedAt: new Date().toISOString(),
  });

  // TTLs are long wherever an entry must still be there (a stalled event loop must not let Redis
  // expire it between two round trips); expiry is checked on an entry of its own.
  it('registry: claim returns the replaced owner; refresh and release are owner-only; entries expire', async () => {
    const id = uniqueName('cs');
    expect(await registry.claim(id, entry('c1', 'gwA'), 10_000)).toBeNull();
    expect(await registry.claim(id, entry('c2', 'gwB'), 10_000)).toEqual(
      expect.objectContaining({ connectionId: 'c1', gatewayInstance: 'gwA' }),
    );
    expect(await registry.release(id, 'c1')).toBe(false);
    expect(await registry.refresh(id, 'c1', 60_000)).toBe(false);
    const left = await pttl(id);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(10_000); // the former owner's refresh did not extend it
    expect(await registry.lookup(id)).toEqual(
      expect.objectContaining({ connectionId: 'c2', gatewayInstance: 'gwB', protocol: 'ocpp2.0.1' }),
    );

    // The owner's refresh extends its entry.
    await registry.claim(id, entry('c3', 'gwA'), 2_000);
    expect(await pttl(id)).toBeLessThanOrEqual(2_000);
    expect(await registry.refresh(id, 'c3', 10_000)).toBe(true);
    expect(await pttl(id)).toBeGreaterThan(5_000);
    expect((await registry.lookup(id))?.connectionId).toBe('c3');
    expect(await registry.release(id, 'c3')).toBe(true);
    expect(await registry.lookup(id)).toBeNull();

    // An entry expires when its TTL runs out (shortened by its owner's refresh once it is known to be there).
    const brief = uniqueName('cs');
    expect(await registry.claim(brief, entry('c4', 'gwA'), 10_000)).toBeNull();
    expect((await registry.lookup(brief))?.connectionId).toBe('c4');
    expect(await registry.refresh(brief, 'c4', 300)).toBe(true);
    await waitFor(async () => (await registry.lookup(brief)) === null, { timeoutMs: 5_000, message: 'TTL expiry' });
    expect(await pttl(brief)).toBe(-2); // gone from Redis, not just unreadable
  });

  it('reply channel delivers to the listener of a channel only', async () => {
    const [mine, other] = [uniqueName('ch'), uniqueName('ch')];
    const got: string[] = [];
    const listening = await channel.listen(mine, (m) => got.push(m));
    await channel.send(other, 'not for me');
    await channel.send(mine, 'hello');
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['hello']);
    await listening.close();
  });

  it('credential store keeps hashes and profiles, and replaces them whole', async () => {
    const id = uniqueName('cs');
    await credentials.put({ stationId: id, securityProfile: 2, passwordHash: 'scrypt$1$1$1$a$b' });
    expect(await credentials.get(id)).toEqual({ stationId: id, securityProfile: 2, passwordHash: 'scrypt$1$1$1$a$b' });
    await credentials.put({ stationId: id, securityProfile: 3, certificateSubject: 'CN1' });
    expect(await credentials.get(id)).toEqual({ stationId: id, securityProfile: 3, certificateSubject: 'CN1' });
    // A credential being rotated to rides beside the current one, and is gone once replaced.
    const pending = { securityProfile: 2 as const, passwordHash: 'scrypt$1$1$1$c$d' };
    await credentials.put({ stationId: id, securityProfile: 2, passwordHash: 'scrypt$1$1$1$a$b', pending });
    expect(await credentials.get(id)).toEqual({ stationId: id, securityProfile: 2, passwordHash: 'scrypt$1$1$1$a$b', pending });
    await credentials.put({ stationId: id, securityProfile: 2, passwordHash: 'scrypt$1$1$1$c$d' });
    expect(await credentials.get(id)).toEqual({ stationId: id, securityProfile: 2, passwordHash: 'scrypt$1$1$1$c$d' });
    await credentials.remove(id);
    expect(await credentials.get(id)).toBeNull();
  });
});

describe('Kafka adapters', () => {
  const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'messaging-spec' });

  it('ensureTopics: processes racing to create the same topics all return with every partition led; deleteTopics removes them', async () => {
    const topics = Array.from({ length: 6 }, () => ({ topic: uniqueName('race'), numPartitions: 3 }));
    const clients = Array.from({ length: 4 }, (_, i) => createKafka({ brokers: env.kafkaBrokers, clientId: `race-${i}` }));
    await Promise.all(clients.map((client) => ensureTopics(client, topics)));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      expect(described).toHaveLength(6);
      for (const t of described) {
        expect(t.partitions).toHaveLength(3);
        expect(t.partitions.every((p) => p.leader >= 0)).toBe(true);
      }
      await deleteTopics(kafka, [...topics.map((t) => t.topic), uniqueName('never_made')]);
      // the broker's metadata cache forgets a deleted topic a moment after the controller does
      const gone = async () => {
        const left = new Set(await admin.listTopics());
        return topics.every((t) => !left.has(t.topic));
      };
      await waitFor(gone, { timeoutMs: 10_000, message: 'deleted topics gone from the metadata' });
    } finally {
      await admin.disconnect();
    }
  });

  it('publishes concurrently queued records in batches, keeping per-key order and headers', async () => {
    const topic = uniqueName('batch');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const publisher = new KafkaBatchPublisher(kafka, { maxBatchSize: 100, lingerMs: 5 });
    const subscriber = new KafkaSubscriber(kafka);
    const received: BusMessage[] = [];
    const sub = await subscriber.subscribe(
      { groupId: uniqueName('g'), topics: [topic], fromBeginning: true },
      async (m) => void received.push(m),
    );
    const keys = ['CP1', 'CP2', 'CP3', 'CP4'];
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        publisher.publish({ topic, key: keys[i % 4], value: String(i), headers: { 'ocpp-action': 'Heartbeat' } }),
      ),
    );
    await waitFor(() => received.length === 400, { timeoutMs: 20_000, message: '400 records' });
    for (const key of keys) {
      const values = received.filter((m) => m.key === key).map((m) => Number(m.value));
      expect(values).toEqual([...values].sort((x, y) => x - y));
      expect(values).toHaveLength(100);
    }
    expect(received.every((m) => m.headers['ocpp-action'] === 'Heartbeat')).toBe(true);
    await sub.close();
    await publisher.close();
    await expect(publisher.publish({ topic, key: 'k', value: 'late' })).rejects.toThrow(/closed/);
  });
});
