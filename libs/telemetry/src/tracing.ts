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
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { instrumentPg } from './pg-spans';
import { loadTracingConfig } from './telemetry-config';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces. */
  otlpEndpoint?: string;
  /** For tests: export to this exporter synchronously. */
  exporter?: SpanExporter;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

let active: NodeTracerProvider | undefined;

/**
 * Starts tracing for the process: W3C trace context propagation always (so trace ids flow into
 * logs and across Kafka and Redis), span export only when an endpoint or exporter is given.
 * Call it first in main.ts, before the app's modules are loaded.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const spanProcessors = [];
  if (options.exporter) spanProcessors.push(new SimpleSpanProcessor(options.exporter));
  if (options.otlpEndpoint) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpEndpoint })));
  if (spanProcessors.length === 0) return { shutdown: async () => undefined };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  instrumentPg();
  active = provider;
  return {
    shutdown: async () => {
      await provider.shutdown();
      if (active === provider) {
        trace.disable();
        active = undefined;
      }
    },
  };
}

/** Starts tracing as `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` and `OTEL_SERVICE_NAME` say (see loadTracingConfig). */
export function startTelemetryFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  return startTelemetry(loadTracingConfig(serviceName, env));
}

export function tracer(name: string): Tracer {
  return trace.getTracer(name);
}

/** The context a W3C `traceparent` (from a Kafka header or an envelope) continues. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** The `traceparent` of a span, to carry across Kafka or Redis; undefined when not sampled/recording. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent;
}

/** The `traceparent` of the active span (e.g. the operator's HTTP request), if any. */
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

export { SpanKind, context, trace, type Context, type Span };
