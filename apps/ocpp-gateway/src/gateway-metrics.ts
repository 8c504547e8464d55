import { Histogram, type Registry } from 'prom-client';
import { bindKafkaProducerMetrics, bindRedisMetrics, type KafkaBatchPublisher } from '@voltlane/messaging';
import {
  counterFromReadings,
  createMetricsRegistry,
  gaugeFromAsyncReadings,
  gaugeFromReadings,
  type ReadinessCheck,
} from '@voltlane/telemetry';
import type { OcppGateway } from './gateway';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A readiness check that has not answered by then counts as failed in `voltlane_gateway_ready`. */
const READINESS_TIMEOUT_MS = 1_500;

export interface GatewayMetricsOptions {
  /** The checks of `/health/ready`: `voltlane_gateway_ready{check}` runs them on each scrape. */
  readiness?: readonly ReadinessCheck[];
  /** Distributed mode: the Kafka publisher (producer metrics). */
  publisher?: KafkaBatchPublisher;
  /** Distributed mode: the prefix of the gateway's Redis connection names (`gateway:<instance>:`). */
  redisPrefix?: string;
}

/** What the gateway reports to its metrics as things happen (only the latencies are observed). */
export interface GatewayObservers {
  observeProduce: (size: number, seconds: number, ok: boolean) => void;
}

/** Prometheus metrics of a gateway on its own registry (distributed mode: served on the ops port). */
export function gatewayMetrics(gateway: OcppGateway, options: GatewayMetricsOptions = {}): GatewayObservers & { registry: Registry } {
  const registry = createMetricsRegistry('ocpp-gateway');
  return { registry, ...bindGatewayMetrics(registry, gateway, options) };
}

/**
 * Registers a gateway's metrics on a registry (its own, or the all-in-one's beside the services').
 * Counters are read from the gateway's own counters at scrape time; only the latency histograms
 * are observed as things happen.
 */
export function bindGatewayMetrics(registry: Registry, gateway: OcppGateway, options: GatewayMetricsOptions = {}): GatewayObservers {
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
  counterFromReadings(
    registry,
    'voltlane_gateway_call_errors_total',
    "CALLERRORs sent in answer to station CALLs (the gateway's own and the services'), by action and error code",
    ['action', 'code'],
    () => [...stats.callErrors.values()].map(({ action, code, count }) => [{ action, code }, count]),
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
  counterFromReadings(
    registry,
    'voltlane_gateway_message_log_frames_total',
    'Frames of the OCPP message log published on ocpp.frames.v1',
    [],
    () => [[{}, stats.messageLogFrames]],
  );
  counterFromReadings(
    registry,
    'voltlane_gateway_message_log_dropped_total',
    'Frames of the OCPP message log dropped, by reason (buffer_full, publish_failed, too_large)',
    ['reason'],
    () => entries(stats.messageLogDroppedByReason, 'reason'),
  );
  counterFromReadings(registry, 'voltlane_gateway_connections_total', 'Station connections opened and closed', ['event'], () => [
    [{ event: 'opened' }, stats.connectionsOpened],
    [{ event: 'closed' }, stats.connectionsClosed],
  ]);
  counterFromReadings(registry, 'voltlane_gateway_commands_total', 'CSMS→station calls, by outcome', ['outcome'], () =>
    entries(stats.commandResults, 'outcome'),
  );
  const readiness = options.readiness ?? [];
  gaugeFromAsyncReadings(
    registry,
    'voltlane_gateway_ready',
    'Whether each readiness check of /health/ready passes (1) or not (0), run on each scrape',
    ['check'],
    async () =>
      Promise.all(readiness.map(async (c): Promise<[Record<string, string>, number]> => [{ check: c.name }, (await passes(c)) ? 1 : 0])),
    READINESS_TIMEOUT_MS + 500,
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
  if (options.publisher) bindKafkaProducerMetrics(registry, [options.publisher]);
  if (options.redisPrefix) bindRedisMetrics(registry, [options.redisPrefix]);
  return { observeProduce: (_size, seconds, ok) => produceLatency.observe({ outcome: ok ? 'ok' : 'failed' }, seconds) };
}

async function passes(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.check().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
