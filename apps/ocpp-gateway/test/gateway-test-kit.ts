import type { Kafka } from 'kafkajs';
import type { DestinationStream } from 'pino';
import { hashSecret } from '@voltlane/security';
import { createLogger } from '@voltlane/telemetry';
import {
  KafkaSubscriber,
  RedisBootStatusStore,
  RedisConnectionRegistry,
  RedisReplyChannel,
  RedisStationCredentialStore,
  StationCommandClient,
  createKafka,
  deleteTopics,
  ensureTopics,
  type BootStatus,
  type BusMessage,
  type StationCredential,
  type Subscription,
} from '@voltlane/messaging';
import { infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { loadGatewayConfig } from '../src/config/gateway-config';
import { startDistributedGateway, type RunningGateway } from '../src/create-gateway';

/** Everything a gateway integration suite needs, on the real Kafka and Redis. */
export class GatewayTestKit {
  readonly env = infraEnv();
  readonly kafka: Kafka = createKafka({ brokers: this.env.kafkaBrokers, clientId: 'gateway-tests' });
  /** `frames` (the message log) is created by the gateways themselves (KAFKA_CREATE_TOPICS), read by the suites that need it. */
  readonly topics = { inbound: uniqueName('inbound'), connections: uniqueName('connections'), frames: uniqueName('frames') };
  readonly credentials = new RedisStationCredentialStore(this.env.redisUrl, 'tests');
  readonly registry = new RedisConnectionRegistry(this.env.redisUrl, 'tests');
  readonly bootStatus = new RedisBootStatusStore(this.env.redisUrl, 'tests');
  readonly channel = new RedisReplyChannel(this.env.redisUrl, 'tests');
  readonly commands = new StationCommandClient(this.registry, this.channel, uniqueName('svc'));
  readonly inbound: BusMessage[] = [];
  readonly connectionEvents: BusMessage[] = [];
  private readonly gateways: RunningGateway[] = [];
  private readonly subscriber = new KafkaSubscriber(this.kafka);
  private subscriptions: Subscription[] = [];

  /** Creates the suite's topics and starts reading them from the beginning. */
  async setUp(): Promise<void> {
    await ensureTopics(this.kafka, [
      { topic: this.topics.inbound, numPartitions: 3 },
      { topic: this.topics.connections, numPartitions: 3 },
    ]);
    const groupId = uniqueName('reader');
    this.subscriptions.push(
      await this.subscriber.subscribe(
        { groupId, topics: [this.topics.inbound], fromBeginning: true },
        async (m) => void this.inbound.push(m),
      ),
      await this.subscriber.subscribe(
        { groupId: `${groupId}c`, topics: [this.topics.connections], fromBeginning: true },
        async (m) => void this.connectionEvents.push(m),
      ),
    );
    await this.commands.start();
  }

  /** `logTo` receives the gateway's pino lines (level from TEST_LOG_LEVEL, or info when given). */
  async startGateway(
    env: Record<string, string> = {},
    logTo?: DestinationStream,
  ): Promise<{ running: RunningGateway; port: number; instanceId: string; url: (id: string) => string }> {
    const instanceId = uniqueName('gw');
    const config = loadGatewayConfig({
      KAFKA_BROKERS: this.env.kafkaBrokers.join(','),
      REDIS_URL: this.env.redisUrl,
      DATABASE_URL: this.env.databaseUrl,
      GATEWAY_INSTANCE_ID: instanceId,
      OCPP_PORT: '0',
      OCPP_HOST: '127.0.0.1',
      GATEWAY_OPS_PORT: '0',
      GATEWAY_OPS_HOST: '127.0.0.1',
      TOPIC_OCPP_INBOUND: this.topics.inbound,
      TOPIC_STATION_CONNECTIONS: this.topics.connections,
      TOPIC_OCPP_FRAMES: this.topics.frames,
      ...env,
    });
    const running = await startDistributedGateway(
      config,
      createLogger('gateway-test', process.env.TEST_LOG_LEVEL ?? (logTo ? 'info' : 'silent'), logTo),
    );
    this.gateways.push(running);
    const port = running.ports[0];
    const scheme = config.listeners[0].tls ? 'wss' : 'ws';
    return { running, port, instanceId, url: (id: string) => `${scheme}://127.0.0.1:${port}/ocpp/${encodeURIComponent(id)}` };
  }

  /** Stores a station's credentials (hashed) and boot status (Accepted unless said) as the station-service would. */
  async addStation(
    stationId: string,
    options: {
      password?: string;
      securityProfile?: StationCredential['securityProfile'];
      certificateSubject?: string;
      bootStatus?: BootStatus | null;
    } = {},
  ): Promise<void> {
    const bootStatus = options.bootStatus === undefined ? 'Accepted' : options.bootStatus;
    if (bootStatus) await this.bootStatus.set(stationId, bootStatus);
    await this.credentials.put({
      stationId,
      securityProfile: options.securityProfile ?? 1,
      ...(options.password ? { passwordHash: await hashSecret(options.password, { N: 1024, r: 8, p: 1 }) } : {}),
      ...(options.certificateSubject ? { certificateSubject: options.certificateSubject } : {}),
    });
  }

  async inboundRecord(predicate: (m: BusMessage) => boolean, timeoutMs = 15_000): Promise<BusMessage> {
    let found: BusMessage | undefined;
    await waitFor(() => (found = this.inbound.find(predicate)) !== undefined, { timeoutMs, message: 'inbound record' });
    return found as BusMessage;
  }

  async tearDown(): Promise<void> {
    await Promise.allSettled(this.gateways.map((g) => g.stop()));
    await Promise.allSettled(this.subscriptions.map((s) => s.close()));
    await this.commands.close();
    await Promise.allSettled([this.credentials.close(), this.registry.close(), this.channel.close(), this.bootStatus.close()]);
    await deleteTopics(this.kafka, Object.values(this.topics));
  }
}
