import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/**
 * The tracing helpers the apps use: our own spans (an OCPP CALL at the gateway, its handling in a
 * service, the answer) and the W3C trace context carried across Kafka records and the Redis reply
 * channel. The SDK and the standard instrumentations are started by telemetry-sdk.ts.
 */
export function tracer(name: string): Tracer {
  return trace.getTracer(name);
}

/** The context a W3C `traceparent` (from a Kafka header or an envelope) continues. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** The `traceparent` of a span, to carry across Kafka or Redis; undefined when its context is not valid. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent;
}

/** The `traceparent` of the active span (e.g. the operator's HTTP request, the record being handled), if any. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'unknown error'));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * Runs `work` outside any trace: what it starts (spans, produced records' traceparent, timers) joins
 * no trace that happened to be active — for work done for many traces at once, such as a batch.
 */
export function outsideAnyTrace<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}

export { SpanKind, context, trace, type Context, type Span };
