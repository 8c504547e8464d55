import type { DynamicModule } from '@nestjs/common';
import { startServiceHttpApi } from '@voltlane/api-kit';
import type { RunningService, ServiceStartOptions } from '@voltlane/service-kit';
import { quoteIdent, uniqueName } from '@voltlane/testing';
import { ServiceHarness, type ServiceHarnessOptions } from './service-harness';

/** An HTTP answer: the body parsed as JSON (the text as is when it is not JSON, undefined when empty). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the specs read JSON answers freely (their lint allows any)
export interface HttpAnswer<T = any> {
  status: number;
  contentType: string;
  headers: Headers;
  body: T;
}

export interface ServiceTestApiOptions<H extends RunningService, O extends ServiceStartOptions> extends ServiceHarnessOptions<H, O> {
  /** The service's API modules, made from its running handle. */
  modules: (service: H) => DynamicModule[];
  /** Where its operator API lives (`/api/v1/energy`): `call` paths are relative to it. */
  apiPath: string;
  /** API_PORT; 0 (the default) takes any free one. */
  port?: number;
}

/** What `ServiceTestApi.launch` hands to the constructor of the test API it makes. */
export interface StartedServiceApi<H extends RunningService, O extends ServiceStartOptions> {
  harness: ServiceHarness<H, O>;
  url: string;
  apiPath: string;
  keys: { read: string; write: string };
  close: () => Promise<void>;
}

/**
 * One service on the ServiceHarness (in-process ports, its own PostgreSQL schema) with its API modules
 * served over real HTTP (startServiceHttpApi) and a read and a write API key in a throw-away `iam`
 * schema (dropped by `stop`). A service's test API extends it with its own helpers.
 */
export class ServiceTestApi<H extends RunningService, O extends ServiceStartOptions = ServiceStartOptions> {
  readonly harness: ServiceHarness<H, O>;
  /** The base URL the API listens on (`http://127.0.0.1:<port>`). */
  readonly url: string;
  private readonly apiPath: string;
  /** The read and write API keys (a subclass sends them on requests `call` cannot make, e.g. streams). */
  protected readonly keys: { read: string; write: string };
  private readonly close: () => Promise<void>;

  protected constructor(started: StartedServiceApi<H, O>) {
    this.harness = started.harness;
    this.url = started.url;
    this.apiPath = started.apiPath;
    this.keys = started.keys;
    this.close = started.close;
  }

  /** Starts the service and its API, then `make`s the test API on them; on failure undoes what it did. */
  static async launch<H extends RunningService, O extends ServiceStartOptions, A>(
    options: ServiceTestApiOptions<H, O>,
    make: (started: StartedServiceApi<H, O>) => A,
  ): Promise<A> {
    const harness = await ServiceHarness.start<H, O>(options);
    const keysSchema = uniqueName('iam');
    const dropKeys = () => harness.query(`DROP SCHEMA IF EXISTS ${quoteIdent(keysSchema)} CASCADE`);
    try {
      const api = await startServiceHttpApi({
        app: options.service,
        modules: options.modules(harness.service),
        env: { API_PORT: String(options.port ?? 0), API_HOST: '127.0.0.1', API_KEYS_DB_SCHEMA: keysSchema },
        databaseUrl: harness.env.DATABASE_URL,
        logger: harness.logger,
        readiness: [],
      });
      const read = (await api.keys.create(`${options.service}-reader`, 'read')).key;
      const write = (await api.keys.create(`${options.service}-writer`, 'write')).key;
      return make({
        harness,
        url: api.url,
        apiPath: options.apiPath,
        keys: { read, write },
        close: async () => {
          await api.close();
          await dropKeys();
          await harness.stop();
        },
      });
    } catch (error) {
      await dropKeys().catch(() => undefined);
      await harness.stop();
      throw error;
    }
  }

  get service(): H {
    return this.harness.service;
  }

  stop(): Promise<void> {
    return this.close();
  }

  /** An operator API request (`<apiPath><path>`) with the write key (GETs too), or the read key, or none. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as HttpAnswer
  call<T = any>(method: string, path: string, body?: unknown, key: 'read' | 'write' | 'none' = 'write'): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = {};
    if (key !== 'none') headers['x-api-key'] = this.keys[key];
    return this.raw<T>(method, `${this.apiPath}${path}`, body, headers);
  }

  /** A request to `<url><path>` with these headers; a body that is not a string is sent as JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as HttpAnswer
  async raw<T = any>(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    const all = { ...headers };
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: all,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the text as is
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      headers: response.headers,
      body: parsed as T,
    };
  }
}
