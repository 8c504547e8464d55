import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  KafkaBatchPublisher,
  KafkaSubscriber,
  RedisBootStatusStore,
  RedisConnectionRegistry,
  RedisReplyChannel,
  RedisStationCredentialStore,
  RedisStationLimitStore,
  StationCommandClient,
  createKafka,
  ensureTopics,
  type BootStatusStore,
  type ConnectionRegistry,
  type EventPublisher,
  type EventSubscriber,
  type ReplyChannel,
  type StationCredentialStore,
  type StationLimitStore,
} from '@voltlane/messaging';
import type { DeadLetters } from '../consuming/dead-letter';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { commandEventSink } from './command-event-sink';
import type { ServiceConfig } from './service-config';
import { closeStationStateStores, type StationStateStores } from './station-state-stores';

/** The adapters a service uses, behind their ports, and how to close them. */
export interface ServicePorts {
  publisher: EventPublisher;
  subscriber: EventSubscriber;
  replyChannel: ReplyChannel;
  registry: ConnectionRegistry;
  commands: StationCommandClient;
  credentials: StationCredentialStore;
  bootStatus: BootStatusStore;
  /** Per-station message limits (written by the station-service, read by command senders to split list requests). */
  limits: StationLimitStore;
  /** Where consumers park records that fail permanently (shared by the services of a deployment). */
  deadLetters: DeadLetters;
  close(): Promise<void>;
}

/** Distributed mode: Kafka and Redis, one client of each kind per process. */
export async function connectServicePorts(config: ServiceConfig, logger: Logger): Promise<ServicePorts> {
  const kafka: Kafka = createKafka({
    brokers: config.infra.kafka.brokers,
    clientId: config.infra.kafka.clientId,
    ...config.infra.kafka.security,
    log: (level, message, extra) => logger[level](extra, message),
  });
  if (config.infra.kafka.createTopics) {
    // Kafka does not create topics for consumers: a fresh cluster would leave subscriptions empty.
    await ensureTopics(
      kafka,
      Object.values(config.topics).map((topic) => ({ topic, numPartitions: config.infra.kafka.topicPartitions })),
    );
  }
  const publisher = new KafkaBatchPublisher(kafka, { maxBatchSize: 200, lingerMs: 2 });
  await publisher.connect();
  const subscriber = new KafkaSubscriber(kafka);
  const name = `${config.serviceName}:${config.instanceId}`;
  const stores: StationStateStores = {
    replyChannel: new RedisReplyChannel(config.infra.redis.url, name),
    registry: new RedisConnectionRegistry(config.infra.redis.url, name),
    credentials: new RedisStationCredentialStore(config.infra.redis.url, name),
    bootStatus: new RedisBootStatusStore(config.infra.redis.url, name),
    limits: new RedisStationLimitStore(config.infra.redis.url, name),
  };
  const commands = new StationCommandClient(
    stores.registry,
    stores.replyChannel,
    config.instanceId,
    commandEventSink(publisher, config.topics.OcppCommands, config.serviceName),
  );
  await commands.start();
  const deadLetters = await DeadLetterStore.open(config.database.url, publisher, config.deadLetters.schema);
  return {
    publisher,
    subscriber,
    ...stores,
    commands,
    deadLetters,
    close: async () => {
      await subscriber.close();
      await deadLetters.close();
      await commands.close();
      await publisher.close();
      await closeStationStateStores(stores);
    },
  };
}
