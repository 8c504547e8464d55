import { Histogram, type Registry } from 'prom-client';
import { KafkaSubscriber, type EventSubscriber } from '@voltlane/messaging';
import { counterFromReadings, createMetricsRegistry, gaugeFromReadings } from '@voltlane/telemetry';
import type { InboundDispatcher } from '../inbound/inbound-dispatcher';

/** A service as the metrics see it: its CALL dispatcher (if it answers station frames) and its dead letters. */
export interface MeteredService {
  name: string;
  dispatcher?: InboundDispatcher;
  deadLetters?: unknown;
}

/** What the dead-letter metric reads: letters recorded by this process, by group and code. */
export interface DeadLetterCounts {
  readonly recorded: ReadonlyMap<string, { groupId: string; code: string; count: number }>;
}

/**
 * The Prometheus metrics of the services of one process (one in distributed mode, all in the
 * all-in-one): station CALLs handled by service, action and outcome, their duration, Kafka
 * consumer lag, dead letters.
 */
export function bindServiceMetrics(
  registry: Registry,
  services: readonly MeteredService[],
  subscriber: EventSubscriber | undefined = services.find((s) => s.dispatcher)?.dispatcher?.source,
  deadLetters: DeadLetterCounts | undefined = countsOf(services[0]?.deadLetters),
): void {
  if (deadLetters) {
    counterFromReadings(
      registry,
      'voltlane_dead_letters_total',
      'Records parked as dead letters (failed permanently), by consumer group and failure code',
      ['group', 'code'],
      () => [...deadLetters.recorded.values()].map((r): [Record<string, string>, number] => [{ group: r.groupId, code: r.code }, r.count]),
    );
  }
  counterFromReadings(
    registry,
    'voltlane_service_calls_total',
    'Station CALLs handled, by service, action and outcome',
    ['service', 'action', 'outcome'],
    () =>
      services.flatMap(({ name, dispatcher }) =>
        [...(dispatcher?.handled ?? [])].flatMap(([action, counts]) =>
          Object.entries(counts).map(([outcome, n]): [Record<string, string>, number] => [{ service: name, action, outcome }, n]),
        ),
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
      () =>
        [...subscriber.lag.values()].map((l): [Record<string, string>, number] => [
          { group: l.groupId, topic: l.topic, partition: String(l.partition) },
          l.lag,
        ]),
    );
  }
}

/** The metrics registry of a service process (served on its API port at /metrics). */
export function createServiceMetricsRegistry(service: MeteredService): Registry {
  const registry = createMetricsRegistry(service.name);
  bindServiceMetrics(registry, [service]);
  return registry;
}

function countsOf(deadLetters: unknown): DeadLetterCounts | undefined {
  return deadLetters && typeof deadLetters === 'object' && 'recorded' in deadLetters && deadLetters.recorded instanceof Map
    ? (deadLetters as DeadLetterCounts)
    : undefined;
}
