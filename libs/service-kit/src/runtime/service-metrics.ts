import { Histogram, type Registry } from 'prom-client';
import { KafkaSubscriber, type EventSubscriber } from '@voltlane/messaging';
import { counterFromReadings, gaugeFromReadings } from '@voltlane/telemetry';
import type { InboundDispatcher } from '../inbound/inbound-dispatcher';

/** A service's Prometheus metrics: station CALLs handled by action and outcome, their duration, Kafka consumer lag. */
export function bindServiceMetrics(registry: Registry, dispatcher: InboundDispatcher, subscriber: EventSubscriber): void {
  counterFromReadings(registry, 'voltlane_service_calls_total', 'Station CALLs handled, by action and outcome', ['action', 'outcome'], () =>
    [...dispatcher.handled].flatMap(([action, counts]) => Object.entries(counts).map(([outcome, n]): [Record<string, string>, number] => [{ action, outcome }, n])),
  );
  const duration = new Histogram({
    name: 'voltlane_service_call_duration_seconds',
    help: 'Time to handle a station CALL (including its reply), by action',
    labelNames: ['action'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  dispatcher.onHandled = (action, seconds) => duration.observe({ action }, seconds);
  if (subscriber instanceof KafkaSubscriber) {
    gaugeFromReadings(registry, 'voltlane_kafka_consumer_lag', 'Records behind the end of the partition after the last batch', ['group', 'topic', 'partition'], () =>
      [...subscriber.lag.values()].map((l): [Record<string, string>, number] => [{ group: l.groupId, topic: l.topic, partition: String(l.partition) }, l.lag]),
    );
  }
}
