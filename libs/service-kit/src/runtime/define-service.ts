import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Env } from '@voltlane/config';
import { InboundDispatcher } from '../inbound/inbound-dispatcher';
import type { OcppCallHandler, OcppFrameObserver } from '../inbound/ocpp-call-handler';
import { openServiceDatabase, type ServiceDatabaseOptions } from '../persistence/service-database';
import type { RunningService, ServiceStartOptions } from './running-service';
import type { ServiceConfig } from './service-config';
import { serviceReadiness, ShutdownSteps, type ReadinessCheck } from './service-lifecycle';
import { connectServicePorts, type ServicePorts } from './service-runtime';

/** Something a service runs while it is up: a topic consumer, a scheduler, a sweep. */
export interface Startable {
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** What a service's composition is built from: everything is open when `compose` runs. */
export interface ServiceContext<C> {
  config: C;
  dataSource: DataSource;
  ports: ServicePorts;
  logger: Logger;
}

/** What a service's composition hands back to the lifecycle. */
export interface ServiceParts<S> {
  /** The service's answers to station CALLs (one handler per action) and its observers of frames on `ocpp.inbound.v1`. */
  inbound?: { handlers: readonly OcppCallHandler[]; observers?: readonly OcppFrameObserver[] };
  /**
   * Started in this order once the composition is built, after `prepare`; stopped in reverse
   * before the database closes. The inbound dispatcher starts after all of them.
   */
  runs?: readonly Startable[];
  /** One-off work before anything consumes (republish state, flush an outbox). */
  prepare?: () => Promise<void>;
  /** Releases what the composition opened itself (after every runner stopped, before the database closes). */
  release?: () => Promise<void> | void;
  /** The service's own metrics (e.g. active sessions) on the process registry. */
  bindMetrics?: (registry: Registry) => void;
  /** What the handle offers besides the RunningService contract (queries, commands …). */
  surface: S;
}

/** The one way a service is built: what it stores, how it is configured, how it is composed. */
export interface ServiceDefinition<C, S, O extends ServiceStartOptions = ServiceStartOptions> {
  name: string;
  /** Validates the configuration once; throws a ConfigError naming every bad variable. */
  loadConfig(env: Env): C;
  /** The part of the configuration every service has (group, topics, database). */
  service(config: C): ServiceConfig;
  /** The schema used when `<SERVICE>_DB_SCHEMA` is not set (also for the migrate command). */
  defaultSchema: string;
  entities: ServiceDatabaseOptions['entities'];
  migrations: ServiceDatabaseOptions['migrations'];
  compose(context: ServiceContext<C>, options: O): ServiceParts<S> | Promise<ServiceParts<S>>;
}

/** A service's running handle: the RunningService contract, its configuration and its own surface. */
export type ServiceHandle<C, S> = RunningService & {
  readonly config: C;
  readonly ports: ServicePorts;
  readonly readiness: ReadinessCheck[];
} & S;

/** A defined service: its start function (StartService-compatible) and what its migrate command needs. */
export interface DefinedService<C, S, O extends ServiceStartOptions = ServiceStartOptions> {
  readonly name: string;
  readonly defaultSchema: string;
  readonly entities: ServiceDatabaseOptions['entities'];
  readonly migrations: ServiceDatabaseOptions['migrations'];
  readonly start: (options: O) => Promise<ServiceHandle<C, S>>;
}

/**
 * Defines a service. Its start runs in one order for every service: configuration (a bad variable
 * fails before anything opens) → ports (Kafka and Redis, unless given, e.g. the all-in-one's
 * in-process ones) → database (own schema, migrations) → composition → `prepare` → runners in
 * order → inbound dispatcher. Closing runs the same steps in reverse, once, however often it is
 * called; a start that fails half-way closes what it had opened and rethrows.
 */
export function defineService<C, S, O extends ServiceStartOptions = ServiceStartOptions>(
  definition: ServiceDefinition<C, S, O>,
): DefinedService<C, S, O> {
  const start = async (options: O): Promise<ServiceHandle<C, S>> => {
    const config = definition.loadConfig(options.env);
    const common = definition.service(config);
    const logger = options.logger.child({ service: definition.name });
    const steps = new ShutdownSteps(logger);
    try {
      let ports: ServicePorts;
      if (options.ports) {
        ports = options.ports;
      } else {
        const own = await connectServicePorts(common, logger);
        steps.add(() => own.close());
        ports = own;
      }
      const dataSource = await openServiceDatabase({
        ...common.database,
        entities: definition.entities,
        migrations: definition.migrations,
      });
      steps.add(() => dataSource.destroy());
      const parts = await definition.compose({ config, dataSource, ports, logger }, options);
      if (parts.release) steps.add(async () => parts.release?.());
      await parts.prepare?.();
      for (const runner of parts.runs ?? []) {
        await runner.start();
        steps.add(async () => runner.stop());
      }
      const dispatcher = parts.inbound
        ? new InboundDispatcher(ports.subscriber, ports.replyChannel, parts.inbound.handlers, parts.inbound.observers ?? [], logger, {
            groupId: common.groupId,
            topic: common.topics.OcppInbound,
            deadLetters: ports.deadLetters,
          })
        : undefined;
      if (dispatcher) {
        await dispatcher.start();
        steps.add(() => dispatcher.stop());
      }
      logger.info({ groupId: common.groupId, schema: common.database.schema }, `${definition.name} started`);
      let closing: Promise<void> | undefined;
      const running: RunningService = {
        name: definition.name,
        dataSource,
        dispatcher,
        deadLetters: ports.deadLetters,
        ...(parts.bindMetrics ? { bindMetrics: parts.bindMetrics } : {}),
        close: () => (closing ??= steps.closeAll().then(() => logger.info(`${definition.name} closed`))),
      };
      return Object.assign(running, { config, ports, readiness: serviceReadiness(ports, dataSource) }, parts.surface);
    } catch (error) {
      await steps.closeAll();
      throw error;
    }
  };
  return {
    name: definition.name,
    defaultSchema: definition.defaultSchema,
    entities: definition.entities,
    migrations: definition.migrations,
    start,
  };
}
