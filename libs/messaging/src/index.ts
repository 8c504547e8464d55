export * from './ports/event-bus.port';
export * from './ports/reply-channel.port';
export * from './ports/connection-registry.port';
export * from './ports/station-credentials.port';
export { createKafka, deleteTopics, ensureTopics, type KafkaClientOptions } from './kafka/kafka-client';
export { KafkaBatchPublisher, type BatchOptions } from './kafka/kafka-batch-publisher';
export { KafkaSubscriber, toBusMessage, type KafkaSubscriberOptions } from './kafka/kafka-subscriber';
export { PACKED_HEADERS, packHeaders, unpackHeaders } from './kafka/packed-headers';
export { createRedis, redisConnections, type RedisConnectionReading } from './redis/redis-client';
export { RedisReplyChannel } from './redis/redis-reply-channel';
export { RedisConnectionRegistry } from './redis/redis-connection-registry';
export { RedisStationCredentialStore } from './redis/redis-station-credential-store';
export { InMemoryBus } from './in-process/in-memory-bus';
export { InMemoryReplyChannel } from './in-process/in-memory-reply-channel';
export { InMemoryConnectionRegistry } from './in-process/in-memory-connection-registry';
export { InMemoryStationCredentialStore } from './in-process/in-memory-station-credential-store';
export { StationCommandClient } from './commands/station-command-client';
export * from './ports/boot-status.port';
export { RedisBootStatusStore } from './redis/redis-boot-status-store';
export { InMemoryBootStatusStore } from './in-process/in-memory-boot-status-store';
export * from './ports/station-limits.port';
export { RedisStationLimitStore } from './redis/redis-station-limit-store';
export { InMemoryStationLimitStore } from './in-process/in-memory-station-limit-store';
export { backoffDelay, sleep } from './retry/backoff';
export {
  TRACEPARENT,
  processInRecordTrace,
  startRecordSend,
  withTraceparent,
  type MessagingSystem,
  type RecordSend,
} from './tracing/record-tracing';
export { bindKafkaProducerMetrics, bindRedisMetrics } from './metrics/messaging-metrics';
