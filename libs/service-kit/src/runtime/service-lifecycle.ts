import type { Logger } from 'pino';
import type { ServicePorts } from './service-runtime';

/** A dependency check for /health/ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** A service's dependency checks: PostgreSQL answers, the Kafka publisher is connected (when it can tell), Redis answers. */
export function serviceReadiness(ports: ServicePorts, dataSource: { query(sql: string): Promise<unknown> }): ReadinessCheck[] {
  const publisher = ports.publisher as { ready?: () => Promise<void> };
  return [
    {
      name: 'postgres',
      check: async () => void (await dataSource.query('SELECT 1')),
    },
    { name: 'kafka', check: async () => void (await publisher.ready?.()) },
    {
      name: 'redis',
      check: async () => void (await ports.registry.lookup('__readiness__')),
    },
  ];
}

/**
 * What a starting service has opened, closed in reverse order on shutdown or when the start fails
 * half-way; a failing step is logged and the others still run.
 */
export class ShutdownSteps {
  private readonly steps: (() => Promise<void>)[] = [];

  constructor(private readonly logger: Logger) {}

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  readonly closeAll = async (): Promise<void> => {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        this.logger.error({ err: error }, 'shutdown step failed');
      }
    }
  };
}
