import type { Kafka } from 'kafkajs';
import { createLogger } from '@voltlane/telemetry';
import { startDistributedGateway, loadGatewayConfig, type RunningGateway } from '@voltlane/ocpp-gateway';
import { hashSecret } from '@voltlane/security';
import {
  KafkaSubscriber,
  RedisBootStatusStore,
  RedisConnectionRegistry,
  RedisReplyChannel,
  RedisStationCredentialStore,
  StationCommandClient,
  createKafka,
  ensureTopics,
  type BootStatus,
  type BusMessage,
  type Subscription,
} from '@voltlane/messaging';
import { topicMap, type RunningService, type StartService, type TopicMap } from '@voltlane/service-kit';
import { TestStation, basicAuth, infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { startStationService } from '@voltlane/station-service';
import { startCustomerService } from '@voltlane/customer-service';
import { startSessionService } from '@voltlane/session-service';
import { startMeteringService } from '@voltlane/metering-service';

export type ServiceName = 'station' | 'customer' | 'session' | 'metering';

const starters: Record<ServiceName, StartService> = {
  station: startStationService,
  customer: startCustomerService,
  session: startSessionService,
  metering: startMeteringService,
};

export const STATION_PASSWORD = 'e2e-station-password-01';

export interface StackOptions {
  services: ServiceName[];
  /** Extra environment for the gateway (e.g. GATEWAY_CALL_REPLY_TIMEOUT_MS). */
  gatewayEnv?: Record<string, string>;
  /** Extra environment for every service (e.g. STATION_SERVICE_UNKNOWN_STATIONS). */
  serviceEnv?: Record<string, string>;
}

/**
 * The real stack for end-to-end suites: the gateway and the chosen services in this process, on
 * the real Kafka, Redis and PostgreSQL, isolated by unique topic names, consumer groups and
 * database schemas. Every topic is recorded from the beginning for assertions.
 */
export class StackHarness {
  readonly env = infraEnv();
  readonly suffix = `_${uniqueName('e2e')}`;
  readonly topics: TopicMap = topicMap(this.suffix);
  readonly serviceEnv: Record<string, string>;
  readonly services: Partial<Record<ServiceName, RunningService>> = {};
  readonly credentials: RedisStationCredentialStore;
  readonly bootStatus: RedisBootStatusStore;
  /** Sends CSMS→station calls the way a service does: registry lookup, gateway channel. */
  readonly commands: StationCommandClient;
  readonly registry: RedisConnectionRegistry;
  private readonly channel: RedisReplyChannel;
  gateway!: RunningGateway;
  private readonly kafka: Kafka;
  private readonly recorded = new Map<string, BusMessage[]>();
  private readonly subscriber: KafkaSubscriber;
  private subscription: Subscription | undefined;
  private readonly stations: TestStation[] = [];

  private constructor(private readonly options: StackOptions) {
    this.kafka = createKafka({ brokers: this.env.kafkaBrokers, clientId: 'e2e' });
    this.subscriber = new KafkaSubscriber(this.kafka);
    this.credentials = new RedisStationCredentialStore(this.env.redisUrl, 'e2e');
    this.bootStatus = new RedisBootStatusStore(this.env.redisUrl, 'e2e');
    this.registry = new RedisConnectionRegistry(this.env.redisUrl, 'e2e');
    this.channel = new RedisReplyChannel(this.env.redisUrl, 'e2e');
    this.commands = new StationCommandClient(this.registry, this.channel, uniqueName('e2e_commands'));
    this.serviceEnv = {
      KAFKA_BROKERS: this.env.kafkaBrokers.join(','),
      REDIS_URL: this.env.redisUrl,
      DATABASE_URL: this.env.databaseUrl,
      TOPIC_SUFFIX: this.suffix,
      ...Object.fromEntries(
        (Object.keys(starters) as ServiceName[]).flatMap((s) => [
          [`${s.toUpperCase()}_SERVICE_DB_SCHEMA`, uniqueName(s)],
          [`${s.toUpperCase()}_SERVICE_GROUP_ID`, uniqueName(`${s}_group`)],
          [`${s.toUpperCase()}_SERVICE_INSTANCE_ID`, uniqueName(s)],
        ]),
      ),
      ...options.serviceEnv,
    };
  }

  static async start(options: StackOptions): Promise<StackHarness> {
    const harness = new StackHarness(options);
    await harness.boot();
    return harness;
  }

  /** Records of a topic seen so far (from the beginning of the topic). */
  records(topic: keyof TopicMap): BusMessage[] {
    return this.recorded.get(this.topics[topic]) ?? [];
  }

  async waitForRecord(topic: keyof TopicMap, predicate: (m: BusMessage) => boolean, timeoutMs = 15_000): Promise<BusMessage> {
    let found: BusMessage | undefined;
    await waitFor(() => (found = this.records(topic).find(predicate)) !== undefined, { timeoutMs, message: `record on ${topic}` });
    return found as BusMessage;
  }

  stationUrl(id: string): string {
    return `ws://127.0.0.1:${this.gateway.ports[0]}/ocpp/${encodeURIComponent(id)}`;
  }

  /** Provisions a station's credentials (profile 1), and its boot status when given. */
  async addStation(id: string, options: { password?: string; bootStatus?: BootStatus } = {}): Promise<void> {
    await this.credentials.put({
      stationId: id,
      securityProfile: 1,
      passwordHash: await hashSecret(options.password ?? STATION_PASSWORD, { N: 1024, r: 8, p: 1 }),
    });
    if (options.bootStatus) await this.bootStatus.set(id, options.bootStatus);
  }

  /** Connects a station as a real WebSocket client (provisioning it first if needed). */
  async connect(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1', options: { bootStatus?: BootStatus } = {}): Promise<TestStation> {
    if (!(await this.credentials.get(id))) await this.addStation(id, options);
    else if (options.bootStatus) await this.bootStatus.set(id, options.bootStatus);
    const station = await TestStation.connect(this.stationUrl(id), [protocol], { headers: basicAuth(id, STATION_PASSWORD) });
    this.stations.push(station);
    await waitFor(async () => (await this.registry.lookup(id)) !== null, { message: `${id} registered` });
    return station;
  }

  service(name: ServiceName): RunningService {
    const running = this.services[name];
    if (!running) throw new Error(`${name} service is not part of this stack`);
    return running;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.stations.map((s) => s.close()));
    await this.gateway?.stop().catch(() => undefined);
    await Promise.allSettled(Object.values(this.services).map((s) => s.close()));
    await this.subscription?.close();
    await this.commands.close();
    await Promise.allSettled([this.credentials.close(), this.bootStatus.close(), this.registry.close(), this.channel.close()]);
  }

  private async boot(): Promise<void> {
    const topics = Object.values(this.topics);
    await ensureTopics(this.kafka, topics.map((topic) => ({ topic, numPartitions: 3 })));
    this.subscription = await this.subscriber.subscribe({ groupId: uniqueName('recorder'), topics, fromBeginning: true }, async (m) => {
      const list = this.recorded.get(m.topic) ?? [];
      list.push(m);
      this.recorded.set(m.topic, list);
    });
    const logger = createLogger('e2e', process.env.TEST_LOG_LEVEL ?? 'silent');
    for (const name of this.options.services) {
      this.services[name] = await starters[name]({ env: { ...this.serviceEnv }, logger: logger.child({ service: name }) });
    }
    const config = loadGatewayConfig({
      ...this.serviceEnv,
      GATEWAY_INSTANCE_ID: uniqueName('gw'),
      OCPP_PORT: '0',
      OCPP_HOST: '127.0.0.1',
      GATEWAY_OPS_PORT: '0',
      GATEWAY_OPS_HOST: '127.0.0.1',
      GATEWAY_CALL_REPLY_TIMEOUT_MS: '10000',
      ...this.options.gatewayEnv,
    });
    this.gateway = await startDistributedGateway(config, logger.child({ app: 'gateway' }));
  }
}
