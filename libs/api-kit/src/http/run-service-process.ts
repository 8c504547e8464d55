import type { DynamicModule } from '@nestjs/common';
import { EnvReader, infraConfig, runMain, stopOnSignals } from '@voltlane/config';
import { createServiceMetricsRegistry, type RunningService, type ServiceStartOptions } from '@voltlane/service-kit';
import { createLogger, type Telemetry } from '@voltlane/telemetry';
import { readBootstrapAdminKey } from '../keys/bootstrap-admin-key';
import { infraReadiness } from './infra-readiness';
import { startServiceHttpApi } from './service-http-api';

export interface ServiceProcessOptions<H extends RunningService> {
  /** The service (its defineService definition): its name and how it starts. */
  service: { readonly name: string; readonly start: (options: ServiceStartOptions) => Promise<H> };
  /** Started first, in the app's instrumentation.ts. */
  telemetry: Telemetry;
  apiModule: (handle: H) => DynamicModule;
  /** Serve the API-key admin endpoints (one service of the distributed deployment does). */
  serveApiKeys?: boolean;
}

/**
 * The main of a service process in distributed mode: start the service on Kafka, Redis and
 * PostgreSQL, serve its operator API with readiness and metrics, and stop gracefully on
 * SIGTERM/SIGINT. Bad configuration exits with 78 and a message naming the variable.
 */
export function runServiceProcess<H extends RunningService>(options: ServiceProcessOptions<H>): void {
  const { name } = options.service;
  const logger = createLogger(name);
  runMain(name, async () => {
    const env = new EnvReader(process.env);
    const infra = infraConfig(env, name);
    env.done();
    readBootstrapAdminKey(process.env); // checked again by startServiceHttpApi; here before anything starts
    const service = await options.service.start({ env: process.env, logger });
    const readiness = infraReadiness(service.dataSource, infra, name);
    const registry = createServiceMetricsRegistry(service);
    const api = await startServiceHttpApi({
      app: name,
      registry,
      modules: [options.apiModule(service)],
      env: process.env,
      databaseUrl: infra.database.url,
      logger: logger.child({ component: 'http' }),
      readiness: readiness.checks,
      serveApiKeys: options.serveApiKeys,
      deadLetters: service.deadLetters,
    }).catch(async (error: unknown) => {
      await readiness.close();
      await service.close();
      throw error;
    });
    logger.info({ url: api.url }, 'operator API listening');
    stopOnSignals(logger, async () => {
      await api.close();
      await readiness.close();
      await service.close();
      await options.telemetry.shutdown();
    });
  });
}
