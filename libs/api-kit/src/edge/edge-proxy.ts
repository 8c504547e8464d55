import {
  request as httpRequest,
  Agent as HttpAgent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { Upstream } from './upstreams';

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export type ProxyOutcome =
  { kind: 'answered'; status: number } | { kind: 'unreachable'; error: Error } | { kind: 'timeout' } | { kind: 'aborted' };

export interface ProxyOptions {
  upstream: Upstream;
  /** Waiting for the upstream's response head longer than this ends the request with 504. */
  timeoutMs: number;
  /** Extra headers for the upstream (traceparent). */
  headers?: Record<string, string>;
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 256 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };

/** Request headers as the upstream should see them: hop-by-hop ones dropped, X-Forwarded-* added. */
export function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  clientAddress: string | undefined,
  upstream: Upstream,
  extra: Record<string, string> = {},
): OutgoingHttpHeaders {
  const named = new Set((incoming.connection ?? '').split(',').map((h) => h.trim().toLowerCase()));
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || name === 'host') continue;
    headers[name] = value;
  }
  const priorFor = incoming['x-forwarded-for'];
  const forFirst = Array.isArray(priorFor) ? priorFor.join(', ') : priorFor;
  if (clientAddress) headers['x-forwarded-for'] = forFirst ? `${forFirst}, ${clientAddress}` : clientAddress;
  headers['x-forwarded-host'] ??= incoming.host;
  headers['x-forwarded-proto'] ??= 'http';
  headers.host = upstream.url.host;
  return { ...headers, ...extra };
}

/** Response headers of the upstream minus the hop-by-hop ones. */
export function returnedHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set((incoming.connection ?? '').split(',').map((h) => h.trim().toLowerCase()));
  return Object.fromEntries(
    Object.entries(incoming).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)),
  );
}

/**
 * Streams one request to the upstream and its answer back (bodies are never buffered, so file
 * uploads and CSV exports pass through at any size the upstream accepts). Resolves once the
 * exchange ended, with how: answered (the upstream's status), unreachable / timeout (nothing was
 * sent to the client yet: the caller answers 503 / 504), or aborted (the client went away).
 */
export function proxyRequest(request: IncomingMessage, response: ServerResponse, options: ProxyOptions): Promise<ProxyOutcome> {
  const { upstream } = options;
  const secure = upstream.url.protocol === 'https:';
  return new Promise<ProxyOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: ProxyOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const outgoing = (secure ? httpsRequest : httpRequest)({
      protocol: upstream.url.protocol,
      hostname: upstream.url.hostname,
      port: upstream.url.port || (secure ? 443 : 80),
      method: request.method,
      path: `${upstream.url.pathname.replace(/\/+$/, '')}${request.url ?? '/'}`,
      headers: forwardedHeaders(request.headers, request.socket.remoteAddress, upstream, options.headers),
      agent: secure ? agents.https : agents.http,
    });
    const timer = setTimeout(() => {
      outgoing.destroy();
      settle({ kind: 'timeout' });
    }, options.timeoutMs);
    outgoing.on('response', (answer) => {
      clearTimeout(timer);
      response.writeHead(answer.statusCode ?? 502, returnedHeaders(answer.headers));
      answer.pipe(response);
      answer.on('end', () => settle({ kind: 'answered', status: answer.statusCode ?? 502 }));
      answer.on('error', () => {
        response.destroy();
        settle({ kind: 'aborted' });
      });
    });
    outgoing.on('error', (error) => {
      if (response.headersSent) {
        response.destroy();
        settle({ kind: 'aborted' });
      } else settle({ kind: 'unreachable', error });
    });
    response.on('close', () => {
      if (!response.writableFinished) {
        outgoing.destroy();
        settle({ kind: 'aborted' });
      }
    });
    request.pipe(outgoing);
  });
}
