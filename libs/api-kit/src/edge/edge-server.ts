import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import { context, currentTraceparent, trace } from '@voltlane/telemetry';
import { TrustedProxies } from '@voltlane/security';
import { startAccessLog } from '../http/access-log';
import { requestTraceContext } from '../http/request-trace';
import { presentedKeyId } from '../keys/api-key.guard';
import { DuplicateOperationIdsError } from '../openapi/polish-document';
import { mergeDocuments } from './merge-documents';
import { proxyRequest } from './edge-proxy';
import { RouteTable, type OpenApiLike } from './route-table';
import { baseOf, type Upstream } from './upstreams';
import type { ConsoleFiles } from '../console/console-files';

export interface ApiEdgeOptions {
  upstreams: Upstream[];
  port: number;
  host: string;
  /** `servers[0].url` of the merged document. */
  serverUrl: string;
  /** How often the services' documents are read again (a rolling upgrade may add operations). */
  refreshMs: number;
  /** Longest wait for a service's response head (a station command waits for the station). */
  timeoutMs: number;
  logger: Logger;
  registry: Registry;
  /** Proxies (ingress, load balancer) whose X-Forwarded-For names the client (TRUSTED_PROXIES); default none. */
  trustedProxies?: TrustedProxies;
  /** The operator console, served at / and on every path outside the API. */
  console?: ConsoleFiles;
}

export interface ApiEdge {
  port: number;
  url: string;
  /** Every service's document has been read at least once. */
  ready(): boolean;
  routes(): RouteTable;
  /** The merged OpenAPI document served at /docs/openapi.json. */
  document(): Record<string, unknown>;
  /** Reads every service's document now (also done on a timer). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** Where each service serves its own OpenAPI document. */
export const SERVICE_DOCUMENT_PATH = '/docs/openapi.json';
const DOCUMENT_TIMEOUT_MS = 5_000;
const RETRY_UNTIL_READY_MS = 1_000;
const UNAVAILABLE_RETRY_AFTER_S = 5;

/**
 * The one entry point of the operator API in the distributed deployment (ADR 0012). Each service
 * keeps its data and its API; the edge reads their OpenAPI documents, routes every operation to
 * the service that declares it, and serves the merged document. It holds no state of its own:
 * run as many replicas as needed.
 */
export async function startApiEdge(options: ApiEdgeOptions): Promise<ApiEdge> {
  const { logger } = options;
  const documents = new Map<string, OpenApiLike>();
  let table = new RouteTable([]);
  let merged: Record<string, unknown> = mergeDocuments([], { serverUrl: options.serverUrl });
  const requests = new Histogram({
    name: 'voltlane_edge_request_duration_seconds',
    help: 'Operator API requests through the edge, by owning service, route, method and status',
    labelNames: ['service', 'route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30, 60],
    registers: [options.registry],
  });

  /** Why the services' documents could not be merged (operationIds clash); the last merge is kept meanwhile. */
  let mergeFailure: string | undefined;
  const allRead = (): boolean => options.upstreams.every((u) => documents.has(u.name));
  const ready = (): boolean => mergeFailure === undefined && allRead();
  const rebuild = (): void => {
    const loaded = options.upstreams
      .filter((u) => documents.has(u.name))
      .map((u) => ({ service: u.name, document: documents.get(u.name)! }));
    try {
      merged = mergeDocuments(loaded, { serverUrl: options.serverUrl });
      table = new RouteTable(loaded);
      mergeFailure = undefined;
    } catch (error) {
      if (!(error instanceof DuplicateOperationIdsError)) throw error;
      mergeFailure = error.message;
      logger.error({ err: error }, 'service documents not merged (operationIds clash): serving the last merged document, not ready');
    }
  };

  const readDocument = async (upstream: Upstream): Promise<boolean> => {
    try {
      const response = await fetch(`${baseOf(upstream)}${SERVICE_DOCUMENT_PATH}`, { signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const document = (await response.json()) as OpenApiLike;
      const previous = documents.get(upstream.name);
      documents.set(upstream.name, document);
      if (!previous) logger.info({ service: upstream.name, operations: Object.keys(document.paths ?? {}).length }, 'service document read');
      return previous === undefined || JSON.stringify(previous) !== JSON.stringify(document);
    } catch (error) {
      logger.warn(
        { service: upstream.name, url: upstream.url.href, err: error },
        documents.has(upstream.name) ? 'service document not re-read; keeping the last one' : 'service document not read yet',
      );
      return false;
    }
  };

  let refreshing: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (refreshing ??= (async () => {
      try {
        const changed = await Promise.all(options.upstreams.map(readDocument));
        if (changed.some(Boolean)) rebuild();
      } finally {
        refreshing = undefined;
      }
    })());

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => void refresh().finally(schedule), ready() ? options.refreshMs : RETRY_UNTIL_READY_MS);
    timer.unref();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = (request.url ?? '/').split('?')[0];
    // The route of the access log line: the operation's template, or one of the edge's own fixed paths.
    let route: string | undefined = ['/health/live', '/health/ready', '/metrics', '/docs', '/docs/openapi.json'].includes(pathname)
      ? pathname
      : undefined;
    // The edge does not check keys (the service does): it logs the id of the key presented.
    const { requestId } = startAccessLog(request, response, {
      logger,
      trustedProxies: options.trustedProxies ?? TrustedProxies.none,
      route: () => route,
      keyId: presentedKeyId,
    });
    if (pathname === '/health/live') return json(response, 200, { status: 'ok' });
    if (pathname === '/health/ready') {
      const services = options.upstreams.map((u) => ({ name: u.name, status: documents.has(u.name) ? 'ok' : 'document not read yet' }));
      return json(response, ready() ? 200 : 503, {
        status: ready() ? 'ok' : 'unavailable',
        services,
        ...(mergeFailure ? { error: mergeFailure } : {}),
      });
    }
    if (pathname === '/metrics') {
      response.writeHead(200, { 'content-type': options.registry.contentType });
      return void response.end(await options.registry.metrics());
    }
    if (pathname === '/docs/openapi.json' || pathname === '/docs') return json(response, 200, merged);
    if (options.console?.handle(request, response)) {
      route = 'console';
      return;
    }
    const lookup = table.lookup(request.method ?? 'GET', pathname);
    if ('status' in lookup) {
      request.resume();
      if (lookup.status === 404 && !allRead()) {
        const missing = options.upstreams.filter((u) => !documents.has(u.name)).map((u) => u.name);
        return problem(
          response,
          503,
          'Service Unavailable',
          `No operation matches ${request.method} ${pathname} yet: the documents of ${missing.join(', ')} have not been read`,
          pathname,
          { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_S) },
          { code: 'api-starting' },
        );
      }
      if (lookup.status === 405)
        return problem(
          response,
          405,
          'Method Not Allowed',
          `${request.method} is not an operation of ${pathname}; allowed: ${lookup.allow.join(', ')}`,
          pathname,
          { allow: lookup.allow.join(', ') },
        );
      return problem(
        response,
        404,
        'Not Found',
        `No operation of the operator API matches ${request.method} ${pathname} (see /docs/openapi.json)`,
        pathname,
      );
    }
    const { service, template } = lookup.found;
    route = template;
    const upstream = options.upstreams.find((u) => u.name === service)!;
    // Traced (the HTTP instrumentation's server span is active): it gets its route, and the
    // instrumented upstream request carries the trace on. Not traced: the caller's trace is passed on.
    const serverSpan = trace.getSpan(context.active());
    const recording = serverSpan?.isRecording() === true;
    if (recording) {
      serverSpan.updateName(`${request.method} ${template}`);
      serverSpan.setAttributes({ 'http.route': template, 'voltlane.service': service });
    }
    const traceparent = recording ? undefined : currentTraceparent();
    const end = requests.startTimer({ service, route: template, method: request.method ?? '' });
    const outcome = await proxyRequest(request, response, {
      upstream,
      timeoutMs: options.timeoutMs,
      // The service logs the request under the same id.
      headers: { 'x-request-id': requestId, ...(traceparent ? { traceparent } : {}) },
    });
    let status: number;
    switch (outcome.kind) {
      case 'answered':
        status = outcome.status;
        break;
      case 'unreachable':
        status = 503;
        logger.warn({ service, url: upstream.url.href, err: outcome.error }, 'service unreachable');
        problem(
          response,
          503,
          'Service Unavailable',
          `The ${service} service did not take the request (${(outcome.error as NodeJS.ErrnoException).code ?? outcome.error.message}); try again`,
          pathname,
          { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_S) },
          { code: 'service-unavailable', service },
        );
        break;
      case 'timeout':
        status = 504;
        problem(
          response,
          504,
          'Gateway Timeout',
          `The ${service} service did not answer within ${options.timeoutMs} ms`,
          pathname,
          {},
          { code: 'service-timeout', service },
        );
        break;
      case 'aborted':
        status = 499;
        break;
    }
    end({ status: String(status) });
  };

  const server: Server = createServer((request, response) => {
    context.with(requestTraceContext(request), handle, undefined, request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'edge request failed');
      if (!response.headersSent) problem(response, 502, 'Bad Gateway', 'The request could not be passed on', request.url ?? '/');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  await refresh();
  if (mergeFailure !== undefined) {
    // fail start-up loudly: the services' documents cannot be one document
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw new Error(mergeFailure);
  }
  schedule();
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, upstreams: options.upstreams.map((u) => `${u.name}=${u.url.href}`), operations: table.list().length },
    'api edge listening',
  );
  return {
    port,
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    ready,
    routes: () => table,
    document: () => merged,
    refresh,
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function problem(
  response: ServerResponse,
  status: number,
  title: string,
  detail: string,
  instance: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail, instance, ...extra }));
}
