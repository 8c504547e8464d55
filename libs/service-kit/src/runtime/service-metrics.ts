import { Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  KafkaBatchPublisher,
  KafkaSubscriber,
  bindKafkaProducerMetrics,
  bindRedisMetrics,
  type EventPublisher,
  type EventSubscriber,
} from '@voltlane/messaging';
import { counterFromReadings, createMetricsRegistry, gaugeFromAsyncReadings, gaugeFromReadings } from '@voltlane/telemetry';
import type { InboundDispatcher } from '../inbound/inbound-dispatcher';
import { bindDatabasePoolMetrics, type NamedDataSource } from '../persistence/pool-metrics';

/**
 * A service as the metrics see it: its CALL dispatcher (if it answers station frames), its dead
 * letters, its database and the ports it publishes through.
 */
export interface MeteredService {
  name: string;
  dispatcher?: InboundDispatcher;
  deadLetters?: unknown;
  /** Its own PostgreSQL pool (`pool` label: the service's name). */
  dataSource?: DataSource;
  /**
   * Its ports: a Kafka publisher gets producer metrics (and then its Redis connections are metered
   * too), a Kafka subscriber consumer-lag metrics (every consumer of the service, not only its
   * dispatcher's).
   */
  ports?: { publisher: EventPublisher; subscriber?: EventSubscriber };
  /** Registers the service's own metrics (e.g. active sessions). */
  bindMetrics?(registry: Registry): void;
}

/** What the dead-letter metrics read: letters recorded by this process, and open letters in the table. */
export interface DeadLetterCounts {
  readonly recorded: ReadonlyMap<string, { groupId: string; code: string; count: number }>;
  readonly dataSource?: DataSource;
  openByGroup?(): Promise<{ groupId: string; count: number }[]>;
}

type Reading = [Record<string, string>, number];

/**
 * The Prometheus metrics of the services of one process (one in distributed mode, all in the
 * all-in-one), registered once per registry: station CALLs handled by service, action and outcome,
 * their duration and CALLERRORs by code, Kafka consumer lag, dead letters, PostgreSQL pools, and —
 * in distributed mode — Kafka producer and Redis connection metrics.
 */
export function bindServiceMetrics(
  registry: Registry,
  services: readonly MeteredService[],
  subscriber: EventSubscriber | undefined = services.find((s) => s.ports?.subscriber)?.ports?.subscriber ??
    services.find((s) => s.dispatcher)?.dispatcher?.source,
  deadLetters: DeadLetterCounts | undefined = countsOf(services[0]?.deadLetters),
): void {
  if (deadLetters) bindDeadLetterMetrics(registry, deadLetters);
  counterFromReadings(
    registry,
    'voltlane_service_calls_total',
    'Station CALLs handled, by service, action and outcome',
    ['service', 'action', 'outcome'],
    () =>
      services.flatMap(({ name, dispatcher }) =>
        [...(dispatcher?.handled ?? [])].flatMap(([action, counts]) =>
          Object.entries(counts).map(([outcome, n]): Reading => [{ service: name, action, outcome }, n]),
        ),
      ),
  );
  counterFromReadings(
    registry,
    'voltlane_service_call_errors_total',
    'CALLERRORs the services answered station CALLs with, by service, action and error code',
    ['service', 'action', 'code'],
    () =>
      services.flatMap(({ name, dispatcher }) =>
        [...(dispatcher?.callErrors.values() ?? [])].map(({ action, code, count }): Reading => [{ service: name, action, code }, count]),
      ),
  );
  const duration = new Histogram({
    name: 'voltlane_service_call_duration_seconds',
    help: 'Time to handle a station CALL (including its reply), by service and action',
    labelNames: ['service', 'action'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  for (const { name, dispatcher } of services)
    if (dispatcher) dispatcher.onHandled = (action, seconds) => duration.observe({ service: name, action }, seconds);
  if (subscriber instanceof KafkaSubscriber) {
    gaugeFromReadings(
      registry,
      'voltlane_kafka_consumer_lag',
      'Records behind the end of the partition after the last batch',
      ['group', 'topic', 'partition'],
      () => [...subscriber.lag.values()].map((l): Reading => [{ group: l.groupId, topic: l.topic, partition: String(l.partition) }, l.lag]),
    );
  }
  const pools: NamedDataSource[] = services.flatMap(({ name, dataSource }) => (dataSource ? [{ name, dataSource }] : []));
  if (deadLetters?.dataSource) pools.push({ name: 'dead-letters', dataSource: deadLetters.dataSource });
  bindDatabasePoolMetrics(registry, () => pools);
  const publishers = [...new Set(services.map((s) => s.ports?.publisher))].filter((p) => p instanceof KafkaBatchPublisher);
  if (publishers.length > 0) {
    bindKafkaProducerMetrics(registry, publishers);
    // Connections are named `<service>:<instance>:<role>` (ports) and `<service>:readiness`.
    bindRedisMetrics(
      registry,
      services.map((s) => `${s.name}:`),
    );
  }
}

/**
 * Dead letters: recorded by this process (a counter, by group and code) and open in the shared
 * table (a gauge, by group): every service reads the same table, so aggregate it with `max`.
 */
function bindDeadLetterMetrics(registry: Registry, deadLetters: DeadLetterCounts): void {
  counterFromReadings(
    registry,
    'voltlane_dead_letters_total',
    'Records parked as dead letters (failed permanently), by consumer group and failure code',
    ['group', 'code'],
    () => [...deadLetters.recorded.values()].map((r): Reading => [{ group: r.groupId, code: r.code }, r.count]),
  );
  const openByGroup = deadLetters.openByGroup?.bind(deadLetters);
  if (openByGroup) {
    gaugeFromAsyncReadings(
      registry,
      'voltlane_dead_letters_open',
      'Dead letters neither re-driven nor discarded, by consumer group (the whole shared table)',
      ['group'],
      async () => (await openByGroup()).map(({ groupId, count }): Reading => [{ group: groupId }, count]),
    );
  }
}

/** The metrics registry of a service process (served on its API port at /metrics), with the service's own metrics. */
export function createServiceMetricsRegistry(service: MeteredService): Registry {
  const registry = createMetricsRegistry(service.name);
  bindServiceMetrics(registry, [service]);
  service.bindMetrics?.(registry);
  return registry;
}

function countsOf(deadLetters: unknown): DeadLetterCounts | undefined {
  return deadLetters && typeof deadLetters === 'object' && 'recorded' in deadLetters && deadLetters.recorded instanceof Map
    ? (deadLetters as DeadLetterCounts)
    : undefined;
}
