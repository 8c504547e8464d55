import type { Kafka } from 'kafkajs';
import { type createLogger, createMetricsRegistry } from '@voltlane/telemetry';
import { LogTail } from './log-tail';
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
  deleteTopics,
  ensureTopics,
  type BootStatus,
  type BusMessage,
  type Subscription,
} from '@voltlane/messaging';
import {
  createServiceMetricsRegistry,
  topicMap,
  type DeadLetters,
  type RunningService,
  type ServicePorts,
  type StartService,
  type TopicMap,
} from '@voltlane/service-kit';
import { TestStation, basicAuth, freePort, infraEnv, uniqueName, waitFor } from '@voltlane/testing';
import { startStationService } from '@voltlane/station-service';
import { startCustomerService } from '@voltlane/customer-service';
import { startSessionService } from '@voltlane/session-service';
import { startMeteringService } from '@voltlane/metering-service';
import { startBillingService } from '@voltlane/billing-service';
import { startReportService } from '@voltlane/report-service';
import { startEnergyService } from '@voltlane/energy-service';
import { startOcpiService } from '@voltlane/ocpi-service';
import { ApiKeyStore, parseUpstreams, startApiEdge, startHttpApi, type ApiEdge, type HttpApi } from '@voltlane/api-kit';
import { Registry } from 'prom-client';
import type { ApiModuleFactory } from './api-modules/api-module-factory';
import { stationApi } from './api-modules/station-api';
import { customerApi } from './api-modules/customer-api';
import { sessionApi } from './api-modules/session-api';
import { meteringApi } from './api-modules/metering-api';
import { billingApi } from './api-modules/billing-api';
import { reportApi } from './api-modules/report-api';
import { energyApi } from './api-modules/energy-api';
import { ocpiApi } from './api-modules/ocpi-api';

export type ServiceName = 'station' | 'customer' | 'session' | 'metering' | 'billing' | 'report' | 'energy' | 'ocpi';

const starters: Record<ServiceName, StartService> = {
  station: startStationService,
  customer: startCustomerService,
  session: startSessionService,
  metering: startMeteringService,
  billing: startBillingService,
  report: startReportService,
  energy: startEnergyService,
  ocpi: startOcpiService,
};

const apiModules: Record<ServiceName, ApiModuleFactory | undefined> = {
  station: stationApi,
  customer: customerApi,
  session: sessionApi,
  metering: meteringApi,
  billing: billingApi,
  report: reportApi,
  energy: energyApi,
  ocpi: ocpiApi,
};

/** The operator API of the stack, with one key per scope. */
export interface StackApi {
  url: string;
  keys: { admin: string; write: string; read: string };
  /** Sends a JSON request with the admin key unless another is given; resolves status and body. */
  request(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any; headers: Headers }>;
}

/** The order of the services behind the edge (the Helm chart's): a shared operation goes to the first. */
export const EDGE_ORDER: ServiceName[] = ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'];

export const STATION_PASSWORD = 'e2e-station-password-01';

export interface StackOptions {
  services: ServiceName[];
  /** Extra environment for the gateway (e.g. GATEWAY_CALL_REPLY_TIMEOUT_MS). */
  gatewayEnv?: Record<string, string>;
  /** Extra environment for every service (e.g. STATION_SERVICE_UNKNOWN_STATIONS). */
  serviceEnv?: Record<string, string>;
  /**
   * Also serve the operator API of the started services: `true` as one process serving every
   * module (like the all-in-one), `'edge'` as the distributed deployment does it: one HTTP API per
   * service (its own module, dead letters, station-service with the API keys) behind the api-edge.
   */
  api?: boolean | 'edge';
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
  /** Gateway instances added with `addGateway()`. */
  private readonly moreGateways: RunningGateway[] = [];
  private readonly http: HttpApi[] = [];
  /** Each service's own API behind the edge (only with `api: 'edge'`). */
  readonly serviceApiUrls: Partial<Record<ServiceName, string>> = {};
  /** The api-edge in front of the services' APIs (only with `api: 'edge'`). */
  edge: ApiEdge | undefined;
  private apiKeys: ApiKeyStore | undefined;
  private stackApi: StackApi | undefined;
  /** The operator API's port when it must be known before the services start (0: any). */
  private apiPort = 0;
  private readonly kafka: Kafka;
  private readonly recorded = new Map<string, BusMessage[]>();
  /** The stack's warnings and errors (or every line at TEST_LOG_LEVEL, on stdout). */
  readonly logs = new LogTail();
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
      DEAD_LETTERS_DB_SCHEMA: uniqueName('ops'),
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
    try {
      await harness.boot();
    } catch (error) {
      await harness?.stop(); // what did start must not keep the test process alive
      throw error;
    }
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
  async connect(
    id: string,
    protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1',
    options: { bootStatus?: BootStatus } = {},
  ): Promise<TestStation> {
    if (!(await this.credentials.get(id))) await this.addStation(id, options);
    else if (options.bootStatus) await this.bootStatus.set(id, options.bootStatus);
    const station = await TestStation.connect(this.stationUrl(id), [protocol], { headers: basicAuth(id, STATION_PASSWORD) });
    this.stations.push(station);
    await waitFor(async () => (await this.registry.lookup(id)) !== null, { message: `${id} registered` });
    return station;
  }

  /** The operator API (only with `api: true`). */
  get api(): StackApi {
    if (!this.stackApi) throw new Error('start the harness with api: true');
    return this.stackApi;
  }

  /** Stops a service and starts it again on the same schema and consumer groups (a restart). */
  async restartService(name: ServiceName): Promise<RunningService> {
    await this.service(name).close();
    const logger = this.logs.logger;
    this.services[name] = await starters[name]({ env: { ...this.serviceEnv }, logger: logger.child({ service: name }) });
    await this.consumersJoined([name]);
    return this.service(name);
  }

  /** Stops a service without starting it again (until restartService). */
  async stopService(name: ServiceName): Promise<void> {
    await this.service(name).close();
  }

  /** Dead letters of the stack (every service records into one table). */
  get deadLetters(): DeadLetters {
    const first = Object.values(this.services)[0];
    if (!first) throw new Error('no service started');
    return first.deadLetters;
  }

  service(name: ServiceName): RunningService {
    const running = this.services[name];
    if (!running) throw new Error(`${name} service is not part of this stack`);
    return running;
  }

  /**
   * Another gateway instance on this stack (stopped with it): `gatewayEnv` over the stack's own
   * gateway settings. A deployment runs several; a station may reconnect to any of them.
   */
  async addGateway(gatewayEnv: Record<string, string> = {}): Promise<RunningGateway> {
    const config = loadGatewayConfig({
      ...this.serviceEnv,
      ...this.gatewayDefaults(),
      ...this.options.gatewayEnv,
      GATEWAY_OPS_PORT: '-1',
      ...gatewayEnv,
    });
    const gateway = await startDistributedGateway(config, this.logs.logger.child({ app: 'gateway' }));
    this.moreGateways.push(gateway);
    return gateway;
  }

  private gatewayDefaults(): Record<string, string> {
    return {
      GATEWAY_INSTANCE_ID: uniqueName('gw'),
      OCPP_PORT: '0',
      OCPP_HOST: '127.0.0.1',
      GATEWAY_OPS_PORT: '0',
      GATEWAY_OPS_HOST: '127.0.0.1',
      GATEWAY_CALL_REPLY_TIMEOUT_MS: '10000',
    };
  }

  /** Stops everything that was started; safe after a partial start or a stopped service. */
  async stop(): Promise<void> {
    const settle = async (...steps: (Promise<unknown> | undefined)[]) =>
      void (await Promise.allSettled(steps.filter((step): step is Promise<unknown> => step !== undefined)));
    await settle(...this.stations.map((s) => s.close()));
    await settle(this.edge?.close());
    await settle(...this.http.map((h) => h.close()), this.apiKeys?.close());
    await settle(this.gateway?.stop(), ...this.moreGateways.map((g) => g.stop()));
    await settle(...Object.values(this.services).map((s) => s.close()));
    await settle(this.subscription?.close(), this.commands.close());
    await settle(this.credentials.close(), this.bootStatus.close(), this.registry.close(), this.channel.close());
    await deleteTopics(this.kafka, Object.values(this.topics));
  }

  private async boot(): Promise<void> {
    const topics = Object.values(this.topics);
    await ensureTopics(
      this.kafka,
      topics.map((topic) => ({ topic, numPartitions: 3 })),
    );
    this.subscription = await this.subscriber.subscribe({ groupId: uniqueName('recorder'), topics, fromBeginning: true }, async (m) => {
      const list = this.recorded.get(m.topic) ?? [];
      list.push(m);
      this.recorded.set(m.topic, list);
    });
    const logger = this.logs.logger;
    // The ocpi-service tells partners its URL (the API's: the one process or the edge), so that
    // port is chosen before it starts, unless the suite names another URL.
    if (this.options.api && this.options.services.includes('ocpi') && !this.serviceEnv.OCPI_SERVICE_PUBLIC_URL) {
      this.apiPort = await freePort();
      this.serviceEnv.OCPI_SERVICE_PUBLIC_URL = `http://127.0.0.1:${this.apiPort}`;
    }
    // Side by side, as a deployment starts them: each has its own schema, and shared tables
    // (dead letters) are created under an advisory lock.
    await Promise.all(
      this.options.services.map(async (name) => {
        this.services[name] = await starters[name]({ env: { ...this.serviceEnv }, logger: logger.child({ service: name }) });
      }),
    );
    const config = loadGatewayConfig({ ...this.serviceEnv, ...this.gatewayDefaults(), ...this.options.gatewayEnv });
    this.gateway = await startDistributedGateway(config, logger.child({ app: 'gateway' }));
    if (this.options.api) await this.startApi(logger);
    await this.consumersJoined(this.options.services);
  }

  /**
   * Waits until every consumer of these services (and the recorder) has joined its group, so
   * that what a test sends next is consumed at once. A service's start returns when its consumers
   * run; on a loaded machine (CI runs test files side by side) the joins can take many seconds
   * more, and a test's own waits were spent on them.
   */
  private async consumersJoined(names: readonly ServiceName[], timeoutMs = 120_000): Promise<void> {
    const waits = [
      { name: 'recorder', joined: this.subscriber.joined() },
      ...names.map((name) => ({ name, joined: (this.service(name) as { ports?: ServicePorts }).ports?.subscriber.joined?.() })),
    ];
    const pending = new Set(waits.map((w) => w.name));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`consumers not in their groups after ${timeoutMs} ms: ${[...pending].join(', ')}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([Promise.all(waits.map(async (w) => (await w.joined, pending.delete(w.name)))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every service's module in one HTTP API (like the all-in-one process). */
  private async startOneProcessApi(logger: ReturnType<typeof createLogger>): Promise<string> {
    const modules = this.options.services.flatMap((name) => {
      const factory = apiModules[name];
      return factory ? [factory(this.service(name))] : [];
    });
    // Every service records into the same dead-letter table; the first one's store serves the API.
    const deadLetters = Object.values(this.services)[0]?.deadLetters;
    const http = await startHttpApi({
      modules,
      port: this.apiPort,
      host: '127.0.0.1',
      keys: this.apiKeys!,
      logger,
      registry: new Registry(),
      readiness: [],
      serveApiKeys: true,
      ...(deadLetters ? { deadLetters } : {}),
    });
    this.http.push(http);
    return http.url;
  }

  /** One HTTP API per service, as the distributed deployment runs them, behind the api-edge. */
  private async startEdge(logger: ReturnType<typeof createLogger>): Promise<string> {
    const upstreams: string[] = [];
    for (const name of EDGE_ORDER.filter((n) => this.options.services.includes(n))) {
      const factory = apiModules[name];
      if (!factory) continue;
      const running = this.service(name);
      const http = await startHttpApi({
        modules: [factory(running)],
        port: 0,
        host: '127.0.0.1',
        keys: this.apiKeys!,
        logger: logger.child({ api: name }),
        readiness: [],
        serveApiKeys: name === 'station',
        deadLetters: running.deadLetters,
        // The registry runServiceProcess serves: /metrics of this API is the service's real one.
        registry: createServiceMetricsRegistry(running),
      });
      this.http.push(http);
      upstreams.push(`${name}=${http.url}`);
      this.serviceApiUrls[name] = http.url;
    }
    this.edge = await startApiEdge({
      upstreams: parseUpstreams(upstreams.join(',')),
      port: this.apiPort,
      host: '127.0.0.1',
      serverUrl: '/',
      refreshMs: 60_000,
      timeoutMs: 60_000,
      logger: logger.child({ app: 'api-edge' }),
      registry: createMetricsRegistry('api-edge'),
    });
    return this.edge.url;
  }

  private async startApi(logger: ReturnType<typeof createLogger>): Promise<void> {
    this.apiKeys = await ApiKeyStore.open(this.env.databaseUrl, uniqueName('iam'));
    const keys = {
      admin: (await this.apiKeys.create('e2e admin', 'admin')).key,
      write: (await this.apiKeys.create('e2e write', 'write')).key,
      read: (await this.apiKeys.create('e2e read', 'read')).key,
    };
    const url = this.options.api === 'edge' ? await this.startEdge(logger) : await this.startOneProcessApi(logger);
    this.stackApi = {
      url,
      keys,
      request: async (method, path, body, key = keys.admin) => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        // A stream (GET /api/v1/events) never ends by itself: its status and head are the answer.
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
          await response.body?.cancel();
          return { status: response.status, body: undefined, headers: response.headers };
        }
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON (e.g. CSV) */
        }
        return { status: response.status, body: parsed, headers: response.headers };
      },
    };
  }
}
