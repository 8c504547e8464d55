import type { DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DeadLetters } from '@voltlane/service-kit';
import { createMetricsRegistry } from '@voltlane/telemetry';
import { ApiKeyStore } from '../keys/api-key-store';
import { ensureBootstrapAdminKey, readBootstrapAdminKey } from '../keys/bootstrap-admin-key';
import type { HttpReadinessCheck } from './health.controller';
import { startHttpApi, type HttpApi } from './http-api';
import { loadServiceHttpConfig } from './service-http-config';
import type { ConsoleFiles } from '../console/console-files';

export interface ServiceHttpApiOptions {
  app: string;
  modules: DynamicModule[];
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  logger: Logger;
  readiness: HttpReadinessCheck[];
  registry?: Registry;
  /** Serve /api/v1/api-keys (the all-in-one process, or the station-service in distributed mode). */
  serveApiKeys?: boolean;
  /** Serve /api/v1/dead-letters from this store. */
  deadLetters?: DeadLetters;
  /** The operator console, served at / (the all-in-one). */
  console?: ConsoleFiles;
}

/**
 * Starts a process's operator API on API_PORT/API_HOST (8080, 0.0.0.0), keys from schema `iam`.
 * With API_BOOTSTRAP_ADMIN_KEY set, that key is made an admin key first (once, whoever starts first).
 */
export async function startServiceHttpApi(options: ServiceHttpApiOptions): Promise<HttpApi & { keys: ApiKeyStore; registry: Registry }> {
  const { port, host, keysSchema: schema, trustedProxies } = loadServiceHttpConfig(options.env);
  const bootstrapAdminKey = readBootstrapAdminKey(options.env);
  const keys = await ApiKeyStore.open(options.databaseUrl, schema);
  const registry = options.registry ?? createMetricsRegistry(options.app);
  try {
    if (bootstrapAdminKey) await ensureBootstrapAdminKey(keys, bootstrapAdminKey, options.logger);
    const api = await startHttpApi({
      modules: options.modules,
      port,
      host,
      keys,
      logger: options.logger,
      registry,
      readiness: options.readiness,
      serveApiKeys: options.serveApiKeys,
      deadLetters: options.deadLetters,
      trustedProxies,
      console: options.console,
    });
    return {
      ...api,
      keys,
      registry,
      close: async () => {
        await api.close();
        await keys.close();
      },
    };
  } catch (error) {
    await keys.close();
    throw error;
  }
}
