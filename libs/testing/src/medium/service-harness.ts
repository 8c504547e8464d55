import type { Logger } from 'pino';
import type { ClientBase } from 'pg';
import type { BusMessage, EventPublisher, Subscription } from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';
import {
  createInProcessPorts,
  DeadLetterStore,
  topicMap,
  type InProcessPorts,
  type RunningService,
  type ServiceStartOptions,
  type TopicMap,
} from '@voltlane/service-kit';
import { createLogger } from '@voltlane/telemetry';
import { createTestSchema, quoteIdent, testDatabaseUrl, uniqueName, waitFor, type TestSchema } from '@voltlane/testing';
import { FakeGateway, type AnswerFrame, type CallOptions, type CommandAnswerer, type FakeStation } from './fake-gateway';

export interface ServiceHarnessOptions<H extends RunningService, O extends ServiceStartOptions> {
  /** The service's exported start function (startStationService, startBillingService, …). */
  start: (options: O) => Promise<H>;
  /** The service's name as its variables spell it: `station-service` → STATION_SERVICE_DB_SCHEMA. */
  service: string;
  /** More environment for the service (over the harness's DATABASE_URL and schemas). */
  env?: Record<string, string>;
  /** Start options besides env, logger and ports (e.g. the report-service's clock). */
  options?: Omit<O, keyof ServiceStartOptions>;
}

/**
 * One service in the test process, as the all-in-one process runs it: on the in-process bus, reply
 * channel, registry and stores (createInProcessPorts), on a PostgreSQL schema of its own (dropped by
 * `stop`), with the gateway played by FakeGateway. A test sends frames to the service's
 * dispatcher as the gateway would and awaits its answers, publishes records on its other topics,
 * reads what it publishes (every topic is recorded) and its tables, and answers its commands.
 *
 * Unlike Kafka, the in-process bus keeps nothing for a consumer group that is not subscribed:
 * what is published while the service is stopped (between `stopService` and `startService`) is
 * not delivered to it later.
 */
export class ServiceHarness<H extends RunningService, O extends ServiceStartOptions = ServiceStartOptions> {
  readonly topics: TopicMap;
  readonly env: Record<string, string>;
  readonly logger: Logger;
  private running: H | undefined;
  private readonly recorded = new Map<string, BusMessage[]>();
  private recorder: Subscription | undefined;
  private gateway: FakeGateway | undefined;
  private portsOf: InProcessPorts | undefined;
  private published = 0;
  private readonly publisher: EventPublisher;

  private constructor(
    private readonly options: ServiceHarnessOptions<H, O>,
    /** The service's own schema; `db` reads it with unqualified table names. */
    readonly schema: TestSchema,
    private readonly deadLetterSchema: string,
  ) {
    const prefix = options.service.toUpperCase().replace(/-/g, '_');
    this.env = {
      DATABASE_URL: testDatabaseUrl(),
      [`${prefix}_DB_SCHEMA`]: schema.name,
      DEAD_LETTERS_DB_SCHEMA: deadLetterSchema,
      // A small pool: several suites run side by side against one PostgreSQL.
      DATABASE_POOL_SIZE: '4',
      ...options.env,
    };
    this.topics = topicMap(this.env.TOPIC_SUFFIX ?? '');
    this.logger = createLogger(`medium:${options.service}`, process.env.TEST_LOG_LEVEL ?? 'silent');
    // Counts what is published (by the test and the service) so that `settle` knows when it is all handled.
    this.publisher = {
      publish: (record) => {
        this.published++;
        return this.ports.bus.publish(record);
      },
      close: async () => undefined,
    };
  }

  /** Creates the schemas and ports, starts the service; on failure undoes what it did and rethrows. */
  static async start<H extends RunningService, O extends ServiceStartOptions = ServiceStartOptions>(
    options: ServiceHarnessOptions<H, O>,
  ): Promise<ServiceHarness<H, O>> {
    const schema = await createTestSchema(undefined, options.service.replace(/-service$/, ''));
    const harness = new ServiceHarness(options, schema, uniqueName('ops'));
    try {
      await harness.boot();
    } catch (error) {
      await harness.stop().catch(() => undefined);
      throw error;
    }
    return harness;
  }

  /** The running service's handle (a new one after `restartService`). */
  get service(): H {
    if (!this.running) throw new Error(`${this.options.service} is not running`);
    return this.running;
  }

  /** The in-process adapters (bus, reply channel, registry, credential, boot-status and limit stores, dead letters). */
  get ports(): InProcessPorts {
    if (!this.portsOf) throw new Error('the harness has not started');
    return this.portsOf;
  }

  /** A connected client of the service's schema (search_path set: unqualified table names). */
  get db(): ClientBase {
    return this.schema.client;
  }

  /** Runs SQL on the service's schema; resolves with the rows. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.schema.client.query(sql, params)).rows as T[];
  }

  /** A station connected to the fake gateway (registry entry, `Connected` on stations.connections.v1). */
  async connect(
    stationId: string,
    protocol: OcppVersion,
    options: { bootStatus?: 'Accepted' | 'Pending' | 'Rejected'; answer?: CommandAnswerer } = {},
  ): Promise<FakeStation> {
    if (options.bootStatus) await this.ports.bootStatus.set(stationId, options.bootStatus);
    return this.fakeGateway.connect(stationId, protocol, options.answer);
  }

  /** Sends a CALL of a station that holds no connection (connection id `none`) and awaits the answer. */
  call(stationId: string, protocol: OcppVersion, action: string, payload: unknown, options: CallOptions = {}): Promise<AnswerFrame> {
    return this.fakeGateway.call(stationId, protocol, 'none', action, payload, options);
  }

  /** Publishes a record on one of the service's topics (a value that is not a string is sent as JSON). */
  async publish(topic: keyof TopicMap, key: string, value: unknown, headers?: Record<string, string>): Promise<void> {
    await this.publisher.publish({
      topic: this.topics[topic],
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      ...(headers ? { headers } : {}),
    });
  }

  /** Records of a topic published so far (by the service or the test), in publish order. */
  records(topic: keyof TopicMap): BusMessage[] {
    return this.recorded.get(this.topics[topic]) ?? [];
  }

  async waitForRecord(topic: keyof TopicMap, predicate: (m: BusMessage) => boolean, timeoutMs = 10_000): Promise<BusMessage> {
    let found: BusMessage | undefined;
    await waitFor(() => (found = this.records(topic).find(predicate)) !== undefined, { timeoutMs, message: `record on ${topic}` });
    return found as BusMessage;
  }

  /**
   * Resolves once every record published so far, and every record their handling published, has
   * been handled by every consumer (timers of the service, e.g. an outbox relay, are not waited for).
   */
  async settle(): Promise<void> {
    for (;;) {
      const before = this.published;
      await this.ports.bus.drain();
      if (this.published === before) return;
    }
  }

  /** Stops the service (its schema and the ports stay). */
  async stopService(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.close();
  }

  /** Starts the service again on the same schema, consumer groups and ports. */
  async startService(): Promise<H> {
    if (this.running) throw new Error(`${this.options.service} is running`);
    const ports = { ...this.ports.forService(this.options.service), publisher: this.publisher };
    this.running = await this.options.start({ ...this.options.options, env: { ...this.env }, logger: this.logger, ports } as O);
    return this.running;
  }

  async restartService(): Promise<H> {
    await this.stopService();
    return this.startService();
  }

  /** Stops the service and the ports and drops the schemas; safe after a partial start. */
  async stop(): Promise<void> {
    const errors: unknown[] = [];
    const step = async (run: () => Promise<unknown> | undefined): Promise<void> => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    await step(() => this.stopService());
    await step(() => this.gateway?.stop());
    await step(() => this.recorder?.close());
    await step(() => this.portsOf?.close());
    await step(() => this.schema.client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(this.deadLetterSchema)} CASCADE`));
    await step(() => this.schema.drop());
    if (errors.length > 0) throw errors[0];
  }

  private get fakeGateway(): FakeGateway {
    if (!this.gateway) throw new Error('the harness has not started');
    return this.gateway;
  }

  private async boot(): Promise<void> {
    const url = this.env.DATABASE_URL;
    this.portsOf = await createInProcessPorts(this.logger, (bus) => DeadLetterStore.open(url, bus, this.deadLetterSchema, 2));
    const topics = Object.values(this.topics);
    this.recorder = await this.ports.bus.subscribe({ groupId: uniqueName('medium_recorder'), topics }, async (m) => {
      const list = this.recorded.get(m.topic) ?? [];
      list.push(m);
      this.recorded.set(m.topic, list);
    });
    this.gateway = new FakeGateway(this.ports, this.publisher, {
      inbound: this.topics.OcppInbound,
      connections: this.topics.StationConnections,
    });
    await this.gateway.start();
    await this.startService();
  }
}
