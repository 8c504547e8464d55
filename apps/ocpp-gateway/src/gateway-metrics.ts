import { Histogram, type Registry } from 'prom-client';
import { counterFromReadings, createMetricsRegistry, gaugeFromReadings } from '@voltlane/telemetry';
import type { OcppGateway } from './gateway';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of a gateway. Counters are read from the gateway's own counters at scrape
 * time; only the latency histograms are observed as things happen.
 */
export function gatewayMetrics(gateway: OcppGateway): {
  registry: Registry;
  observeProduce: (size: number, seconds: number, ok: boolean) => void;
} {
  const registry = createMetricsRegistry('ocpp-gateway');
  const { stats } = gateway;
  const entries = (record: Record<string, number>, label: string): [Record<string, string>, number][] =>
    Object.entries(record).map(([key, value]) => [{ [label]: key }, value]);

  gaugeFromReadings(
    registry,
    'voltlane_gateway_connected_stations',
    'Stations connected to this gateway instance, by protocol',
    ['protocol'],
    () => entries(gateway.connectionsByProtocol(), 'protocol'),
  );
  counterFromReadings(registry, 'voltlane_gateway_calls_total', 'Valid station CALLs accepted, by action', ['action'], () =>
    [...stats.callsByAction].map(([action, n]) => [{ action }, n]),
  );
  counterFromReadings(registry, 'voltlane_gateway_frames_total', 'Inbound frames by result', ['result'], () => [
    [{ result: 'received' }, stats.framesIn],
    [{ result: 'invalid' }, stats.invalidFrames],
    [{ result: 'rate_limited' }, stats.rateLimited],
    [{ result: 'published' }, stats.callsPublished],
    [{ result: 'publish_failed' }, stats.publishFailures],
    [{ result: 'answered_locally' }, stats.heartbeatsAnsweredLocally],
  ]);
  counterFromReadings(registry, 'voltlane_gateway_replies_total', 'Service replies on the reply channel, by result', ['result'], () => [
    [{ result: 'delivered' }, stats.repliesDelivered],
    [{ result: 'dropped' }, stats.repliesDropped],
    [{ result: 'invalid' }, stats.invalidReplies],
    [{ result: 'timeout' }, stats.replyTimeouts],
    [{ result: 'timeout_acknowledged' }, stats.acknowledgedAfterTimeout],
  ]);
  counterFromReadings(registry, 'voltlane_gateway_handshakes_refused_total', 'Refused WebSocket handshakes, by reason', ['reason'], () =>
    entries(stats.handshakesRefused, 'reason'),
  );
  counterFromReadings(registry, 'voltlane_gateway_auth_failures_total', 'Refused station authentications, by kind', ['kind'], () =>
    entries(stats.authFailures, 'kind'),
  );
  counterFromReadings(
    registry,
    'voltlane_gateway_slow_readers_cut_total',
    'Connections terminated for exceeding the buffered-bytes limit',
    [],
    () => [[{}, stats.slowReadersCut]],
  );
  counterFromReadings(registry, 'voltlane_gateway_connections_total', 'Station connections opened and closed', ['event'], () => [
    [{ event: 'opened' }, stats.connectionsOpened],
    [{ event: 'closed' }, stats.connectionsClosed],
  ]);
  counterFromReadings(registry, 'voltlane_gateway_commands_total', 'CSMS→station calls, by outcome', ['outcome'], () =>
    entries(stats.commandResults, 'outcome'),
  );

  const callLatency = new Histogram({
    name: 'voltlane_gateway_call_duration_seconds',
    help: 'Station CALL round trip inside the CSMS: received by the gateway until answered',
    labelNames: ['action', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  stats.onAnswer = (action, outcome, seconds) => callLatency.observe({ action, outcome }, seconds);
  const produceLatency = new Histogram({
    name: 'voltlane_gateway_kafka_produce_duration_seconds',
    help: 'Kafka produce batches (acks=all), by outcome',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return { registry, observeProduce: (_size, seconds, ok) => produceLatency.observe({ outcome: ok ? 'ok' : 'failed' }, seconds) };
}
