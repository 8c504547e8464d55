import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { resolveClientAddress, type ClientAddress, type TrustedProxies } from '@voltlane/security';
import { context } from '@voltlane/telemetry';

/** What the access log knows about a request while it is handled: who sent it and its id. */
export interface RequestFacts {
  client: ClientAddress;
  /** The `X-Request-Id` the caller (or a proxy) sent, when it is a sane one; else a new UUID. Echoed in the response. */
  requestId: string;
}

export interface AccessLogOptions {
  logger: Logger;
  trustedProxies: TrustedProxies;
  /** The route template the request matched (`/api/v1/stations/:stationId`), once it is known. */
  route(request: IncomingMessage): string | undefined;
  /** The id of the API key the request was made with, never the key. */
  keyId(request: IncomingMessage): string | undefined;
}

const facts = new WeakMap<IncomingMessage, RequestFacts>();
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes: at debug level, so they do not drown the requests operators make. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/** The facts `startAccessLog` noted for a request (the API-key guard's security events use them). */
export function requestFacts(request: IncomingMessage): RequestFacts | undefined {
  return facts.get(request);
}

/**
 * Starts the access log line of one request; it is written when the response is finished (or the
 * client went away): method, route template (the path only when no route matched), status,
 * duration_ms, the API key's id, the client address behind trusted proxies, the request id and,
 * from the request's trace context, the trace and span id. Health and metrics requests are logged
 * at debug level. The query string, headers and bodies are never logged.
 */
export function startAccessLog(request: IncomingMessage, response: ServerResponse, options: AccessLogOptions): RequestFacts {
  const started = performance.now();
  // Called in the request's trace (requestTraceContext): the line is written in it, when the response ends.
  const traceContext = context.active();
  const sent = request.headers['x-request-id'];
  const noted: RequestFacts = {
    client: resolveClientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], options.trustedProxies),
    requestId: typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID(),
  };
  facts.set(request, noted);
  if (!response.headersSent) response.setHeader('X-Request-Id', noted.requestId);
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    const path = (request.url ?? '/').split('?')[0];
    const route = options.route(request);
    const keyId = options.keyId(request);
    const aborted = !response.writableFinished;
    const line = {
      event: 'http.request',
      method: request.method,
      ...(route ? { route } : { path }),
      status: response.statusCode,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      ...(keyId ? { keyId } : {}),
      clientAddress: noted.client.address,
      ...(noted.client.via ? { peerAddress: noted.client.peer } : {}),
      requestId: noted.requestId,
      ...(aborted ? { aborted } : {}),
    };
    const message = `${request.method} ${route ?? path} ${response.statusCode}`;
    context.with(traceContext, () => {
      if (QUIET_PATHS.has(path)) options.logger.debug(line, message);
      else options.logger.info(line, message);
    });
  };
  response.once('finish', write);
  response.once('close', write);
  return noted;
}
