import type { Logger } from 'pino';
import {
  KafkaBatchPublisher,
  RedisBootStatusStore,
  RedisConnectionRegistry,
  RedisReplyChannel,
  RedisStationCredentialStore,
  createKafka,
  ensureTopics,
} from '@voltlane/messaging';
import { startOpsServer, type OpsServer, type ReadinessCheck } from '@voltlane/telemetry';
import type { GatewayConfig } from './config/gateway-config';
import { gatewayMetrics } from './gateway-metrics';
import { listeningCheck } from './gateway-readiness';
import { OcppGateway } from './gateway';
import { RedisAuthFailureCounter } from './auth/auth-failure-limiter';

/** A gateway wired to real Kafka and Redis (distributed mode), and how to close it all. */
export interface RunningGateway {
  gateway: OcppGateway;
  ports: number[];
  /** Port of /metrics and /health/*, when enabled. */
  opsPort: number | undefined;
  /** Graceful: drain sockets, flush Kafka, close clients. */
  drain(): Promise<void>;
  /** Immediate: close sockets, flush Kafka, close clients. */
  stop(): Promise<void>;
}

export async function startDistributedGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const kafka = createKafka({
    brokers: config.infra.kafka.brokers,
    clientId: config.infra.kafka.clientId,
    ...config.infra.kafka.security,
    log: (level, message, extra) => logger[level](extra, message),
  });
  if (config.infra.kafka.createTopics) {
    const numPartitions = config.infra.kafka.topicPartitions;
    await ensureTopics(kafka, [
      { topic: config.topics.inbound, numPartitions },
      { topic: config.topics.connections, numPartitions },
      ...(config.messageLog.enabled ? [{ topic: config.topics.frames, numPartitions }] : []),
    ]);
  }
  // The metrics need the gateway, the gateway needs the publisher: bind the produce metric late.
  const produce = { observe: (_size: number, _seconds: number, _ok: boolean): void => undefined };
  // ocpp.inbound.v1 records carry their headers packed in one Kafka header (its contract).
  const publisher = new KafkaBatchPublisher(kafka, {
    ...config.batch,
    packedHeaderTopics: [config.topics.inbound],
    onBatch: (size, seconds, ok) => produce.observe(size, seconds, ok),
  });
  await publisher.connect();
  const name = `gateway:${config.instanceId}`;
  const replyChannel = new RedisReplyChannel(config.infra.redis.url, name);
  const registry = new RedisConnectionRegistry(config.infra.redis.url, name);
  const credentials = new RedisStationCredentialStore(config.infra.redis.url, name);
  const bootStatus = new RedisBootStatusStore(config.infra.redis.url, name);
  const authFailures = new RedisAuthFailureCounter(config.infra.redis.url, name);
  const gateway = new OcppGateway({ config, publisher, replyChannel, registry, credentials, bootStatus, logger, authFailures });
  const checks: ReadinessCheck[] = [
    listeningCheck(gateway),
    { name: 'kafka', check: () => publisher.ready() },
    { name: 'redis', check: async () => void (await registry.lookup('__readiness__')) },
  ];
  const metrics = gatewayMetrics(gateway, { readiness: checks, publisher, redisPrefix: `${name}:` });
  produce.observe = metrics.observeProduce;
  const ports = await gateway.start();
  let ops: OpsServer | undefined;
  if (config.ops.port >= 0) {
    ops = await startOpsServer({ port: config.ops.port, host: config.ops.host, registry: metrics.registry, checks });
  }
  const closeClients = async (): Promise<void> => {
    await ops?.close();
    await publisher.close();
    await Promise.all([replyChannel.close(), registry.close(), credentials.close(), bootStatus.close(), authFailures.close()]);
  };
  return {
    gateway,
    ports,
    opsPort: ops?.port,
    drain: async () => {
      await gateway.drain();
      await closeClients();
    },
    stop: async () => {
      await gateway.stop();
      await closeClients();
    },
  };
}
