import type { Logger } from 'pino';
import {
  KafkaBatchPublisher,
  RedisBootStatusStore,
  RedisConnectionRegistry,
  RedisReplyChannel,
  RedisStationCredentialStore,
  createKafka,
} from '@voltlane/messaging';
import type { GatewayConfig } from './config/gateway-config';
import { OcppGateway } from './gateway';

/** A gateway wired to real Kafka and Redis (distributed mode), and how to close it all. */
export interface RunningGateway {
  gateway: OcppGateway;
  ports: number[];
  /** Graceful: drain sockets, flush Kafka, close clients. */
  drain(): Promise<void>;
  /** Immediate: close sockets, flush Kafka, close clients. */
  stop(): Promise<void>;
}

export async function startDistributedGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const kafka = createKafka({
    brokers: config.infra.kafka.brokers,
    clientId: config.infra.kafka.clientId,
    log: (level, message, extra) => logger[level](extra, message),
  });
  const publisher = new KafkaBatchPublisher(kafka, config.batch);
  await publisher.connect();
  const name = `gateway:${config.instanceId}`;
  const replyChannel = new RedisReplyChannel(config.infra.redis.url, name);
  const registry = new RedisConnectionRegistry(config.infra.redis.url, name);
  const credentials = new RedisStationCredentialStore(config.infra.redis.url, name);
  const bootStatus = new RedisBootStatusStore(config.infra.redis.url, name);
  const gateway = new OcppGateway({ config, publisher, replyChannel, registry, credentials, bootStatus, logger });
  const ports = await gateway.start();
  const closeClients = async (): Promise<void> => {
    await publisher.close();
    await Promise.all([replyChannel.close(), registry.close(), credentials.close(), bootStatus.close()]);
  };
  return {
    gateway,
    ports,
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
