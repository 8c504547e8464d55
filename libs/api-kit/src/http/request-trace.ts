import type { IncomingMessage } from 'node:http';
import { context, contextFromTraceparent, trace, type Context } from '@voltlane/telemetry';

/**
 * The trace an HTTP request belongs to: the HTTP instrumentation's server span when traces are
 * recorded, else the trace its caller's `traceparent` header names (none: the root context). The
 * operator API and the edge handle each request in it, so its log lines carry the trace id and
 * what it sends on (a command, the proxied request) continues it.
 */
export function requestTraceContext(request: IncomingMessage): Context {
  const active = context.active();
  if (trace.getSpan(active)) return active;
  const header = request.headers.traceparent;
  return contextFromTraceparent(typeof header === 'string' ? header : undefined);
}
