import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { DeadLetters } from '../consuming/dead-letter';
import type { InboundDispatcher } from '../inbound/inbound-dispatcher';
import type { ServicePorts } from './service-runtime';

/** How a service app is started, by its own main.ts, by tests and by the all-in-one process. */
export interface ServiceStartOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Adapters to use; when absent the service connects to Kafka and Redis itself. */
  ports?: ServicePorts;
}

export interface RunningService {
  readonly name: string;
  readonly dataSource: DataSource;
  /** Its consumer of `ocpp.inbound.v1`, when it answers or observes station frames. */
  readonly dispatcher?: InboundDispatcher;
  /** Where its consumers park records that fail permanently (listed and re-driven through the operator API). */
  readonly deadLetters: DeadLetters;
  /** Registers the service's own metrics (e.g. active sessions) on the process registry. */
  bindMetrics?(registry: Registry): void;
  /** Stops consuming, closes the database and the ports it opened itself. */
  close(): Promise<void>;
}

export type StartService = (options: ServiceStartOptions) => Promise<RunningService>;
