import { DiagLogLevel, context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { startNodeSdk } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createLogger } from './logger';
import { standardInstrumentations } from './standard-instrumentations';
import { loadTracingConfig } from './telemetry-config';

export interface TelemetryOptions {
  serviceName: string;
  /** For tests: record every span and hand it to this exporter synchronously (whatever the env says). */
  exporter?: SpanExporter;
  /** The variables to read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  /** Whether spans are recorded and exported. */
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

let contextInstalled = false;

/**
 * The W3C trace context and an AsyncLocalStorage context manager, always: without a context
 * manager `context.with` is a no-op, so a handler would not see the trace of the record it handles
 * and its log lines would carry no trace id.
 */
function installContext(): void {
  if (contextInstalled) return;
  contextInstalled = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
}

let active: { shutdown(): Promise<void> } | undefined;

/**
 * Whether spans are recorded in this process. Hot paths skip creating spans that could only be
 * no-ops (a Kafka record's send span) when they are not.
 */
export function tracesRecorded(): boolean {
  return active !== undefined;
}

/**
 * Starts tracing for the process. Call it first in main.ts (each app's instrumentation.ts), before
 * pg, ioredis or express are loaded, so the standard instrumentations can hook them.
 *
 * Exporting (an OTLP endpoint or OTEL_TRACES_EXPORTER is set, see loadTracingConfig): the
 * OpenTelemetry Node SDK, configured by the standard OTEL_* variables (exporter and protocol,
 * sampler, OTEL_RESOURCE_ATTRIBUTES, the service/host/process resource detectors), with the
 * http, express, pg and ioredis instrumentations on current semantic conventions; Kafka records
 * are traced by @voltlane/messaging. Not exporting: only the trace context (no span is recorded,
 * nothing is patched), which costs the message path nothing measurable.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  const config = loadTracingConfig(options.serviceName, env);
  installContext();
  const exporting = config.exporting || options.exporter !== undefined;
  if (!exporting) return { exporting: false, shutdown: async () => undefined };
  if (active) throw new Error('telemetry is already started in this process');
  // Current semantic conventions (http.request.method, db.query.text, db.system.name…), unless
  // the operator opts otherwise: the instrumentations read this variable when they are made.
  process.env.OTEL_SEMCONV_STABILITY_OPT_IN = config.semconvOptIn;
  const unload = registerInstrumentations({ instrumentations: standardInstrumentations() });
  // The SDK installs its own context manager and the propagators OTEL_PROPAGATORS names.
  context.disable();
  propagation.disable();
  const version = config.version;
  const sdk = startNodeSdk({
    baseResource: defaultResource().merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, ...(version ? { [ATTR_SERVICE_VERSION]: version } : {}) }),
    ),
    // A test's exporter gets each span as it ends: no resource detector, whose asynchronous
    // attributes (host.id) would hold the export back.
    ...(options.exporter ? { spanProcessors: [new SimpleSpanProcessor({ exporter: options.exporter })], resourceDetectors: [] } : {}),
    // Metrics are Prometheus (/metrics) and logs JSON on stdout: the SDK exports traces only.
    metricReaders: [],
    logRecordProcessors: [],
  });
  contextInstalled = true;
  // The SDK's own diagnostics (an exporter that cannot reach its collector…) as JSON log lines.
  const logger = createLogger('opentelemetry');
  diag.setLogger(
    {
      error: (message, ...args) => logger.error({ args }, message),
      warn: (message, ...args) => logger.warn({ args }, message),
      info: (message, ...args) => logger.info({ args }, message),
      debug: (message, ...args) => logger.debug({ args }, message),
      verbose: (message, ...args) => logger.trace({ args }, message),
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  const handle = {
    shutdown: async () => {
      await sdk.shutdown();
      unload();
      trace.disable();
      if (active === handle) active = undefined;
    },
  };
  active = handle;
  return { exporting: true, shutdown: () => handle.shutdown() };
}

/** Starts tracing as the OTEL_* variables say (see loadTracingConfig). */
export function startTelemetryFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  return startTelemetry({ serviceName, env });
}
