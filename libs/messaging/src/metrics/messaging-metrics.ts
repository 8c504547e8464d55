import type { Registry } from 'prom-client';
import { counterFromReadings, gaugeFromReadings } from '@voltlane/telemetry';
import type { KafkaBatchPublisher } from '../kafka/kafka-batch-publisher';
import { redisConnections } from '../redis/redis-client';

type Reading = [Record<string, string>, number];

/**
 * Kafka producer metrics of a process's publishers, read on scrape from the counts they keep:
 * records acknowledged and failed by topic, records waiting, and how long the batch being sent has
 * been in flight (the producer retries without limit, so an unreachable broker shows there).
 */
export function bindKafkaProducerMetrics(registry: Registry, publishers: readonly KafkaBatchPublisher[]): void {
  const byTopic = (pick: 'sent' | 'failed'): Reading[] => {
    const sums = new Map<string, number>();
    for (const publisher of publishers)
      for (const [topic, counts] of publisher.produced) sums.set(topic, (sums.get(topic) ?? 0) + counts[pick]);
    return [...sums].map(([topic, n]) => [{ topic }, n]);
  };
  counterFromReadings(
    registry,
    'voltlane_kafka_produced_records_total',
    'Records the Kafka brokers acknowledged, by topic',
    ['topic'],
    () => byTopic('sent'),
  );
  counterFromReadings(
    registry,
    'voltlane_kafka_produce_errors_total',
    'Records whose Kafka produce failed (the batch was refused or not retriable), by topic',
    ['topic'],
    () => byTopic('failed'),
  );
  gaugeFromReadings(
    registry,
    'voltlane_kafka_producer_queued_records',
    'Records waiting to be sent to Kafka or in the batch being sent',
    [],
    () => [[{}, publishers.reduce((n, p) => n + p.backlog().records, 0)]],
  );
  gaugeFromReadings(
    registry,
    'voltlane_kafka_producer_batch_in_flight_seconds',
    'How long the Kafka batch being sent has been in flight (0 when none): grows while brokers are unreachable',
    [],
    () => [[{}, Math.max(0, ...publishers.map((p) => p.backlog().inFlightSeconds))]],
  );
}

/**
 * Redis metrics of the connections whose name starts with one of `prefixes` (a process names its
 * connections `<app>:<instance>:<role>`), by role: connected, reconnection attempts, failed commands.
 */
export function bindRedisMetrics(registry: Registry, prefixes: readonly string[]): void {
  const byRole = (value: (c: ReturnType<typeof redisConnections>[number]) => number, combine: (a: number, b: number) => number) => {
    const roles = new Map<string, number>();
    for (const connection of prefixes.flatMap((prefix) => redisConnections(prefix))) {
      const role = connection.name.slice(connection.name.lastIndexOf(':') + 1);
      const previous = roles.get(role);
      roles.set(role, previous === undefined ? value(connection) : combine(previous, value(connection)));
    }
    return [...roles].map(([client, n]): Reading => [{ client }, n]);
  };
  const sum = (a: number, b: number) => a + b;
  gaugeFromReadings(
    registry,
    'voltlane_redis_up',
    'Whether the Redis connection is open and ready (1) or not (0), by client role',
    ['client'],
    () => byRole((c) => (c.up ? 1 : 0), Math.min),
  );
  counterFromReadings(
    registry,
    'voltlane_redis_reconnects_total',
    'Redis reconnection attempts after a lost connection, by client role',
    ['client'],
    () => byRole((c) => c.reconnects, sum),
  );
  counterFromReadings(
    registry,
    'voltlane_redis_command_errors_total',
    'Redis commands that failed (error reply, connection lost, retries exhausted), by client role',
    ['client'],
    () => byRole((c) => c.commandErrors, sum),
  );
}
