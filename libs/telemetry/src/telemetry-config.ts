import { EnvReader, type Env } from '@voltlane/config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL of a process's JSON logs; throws a ConfigError naming it when it is not a level. */
export function logLevelFromEnv(env: Env = process.env): LogLevel {
  const reader = new EnvReader(env);
  const level = reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info', 'Level of the JSON logs on stdout.');
  reader.done();
  return level;
}

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

export interface TracingConfig {
  serviceName: string;
  /** Whether spans are recorded and exported (then the SDK and the standard instrumentations run). */
  exporting: boolean;
  /** `service.version` of the spans, when known. */
  version?: string;
  /** Which semantic conventions the instrumentations emit (OTEL_SEMCONV_STABILITY_OPT_IN). */
  semconvOptIn: string;
}

/**
 * Whether and how a process exports traces, from the standard OpenTelemetry variables. The SDK
 * reads them itself (endpoint, protocol, headers, sampler, OTEL_RESOURCE_ATTRIBUTES, detectors);
 * this reader checks them at start-up, so a typo fails the start naming the variable, and
 * documents them in docs/configuration.md. Spans are exported when an OTLP endpoint is set or
 * OTEL_TRACES_EXPORTER names an exporter; unlike the SDK's own default, no endpoint means no
 * export (rather than retrying localhost:4318 forever). Without export, the W3C trace context
 * still flows through every hop and into the logs.
 */
export function loadTracingConfig(serviceName: string, env: Env = process.env): TracingConfig {
  const reader = new EnvReader(env);
  const notExported = 'unset (spans are not exported; trace context still propagates)';
  const traces = reader.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '', ['http', 'https'], {
    doc: 'OTLP traces endpoint, e.g. `http://otel-collector:4318/v1/traces`; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`.',
    defaultText: notExported,
  });
  const base = reader.url('OTEL_EXPORTER_OTLP_ENDPOINT', '', ['http', 'https'], {
    doc: 'OTLP endpoint; with HTTP, traces go to `<endpoint>/v1/traces`.',
    defaultText: notExported,
  });
  const exporter = reader.optionalString('OTEL_TRACES_EXPORTER', {
    doc: 'Span exporter: `otlp`, `console` or `none`. Default: `otlp` when an OTLP endpoint is set, else `none`.',
  });
  reader.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf', 'OTLP transport of the exported spans.');
  reader.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on', {
    doc: 'Sampler of exported traces; `OTEL_TRACES_SAMPLER_ARG` gives the ratio of the `*traceidratio` samplers.',
  });
  reader.optionalString('OTEL_RESOURCE_ATTRIBUTES', {
    doc: 'Resource attributes of every span, `key=value` pairs separated by commas (e.g. `deployment.environment.name=prod,k8s.pod.name=…`).',
  });
  const disabled = reader.bool('OTEL_SDK_DISABLED', false, 'Turns tracing off entirely (no SDK, no instrumentation).');
  const version = reader.optionalString('VOLTLANE_APP_VERSION', {
    doc: 'Version of the running app (`service.version` of its spans); the images set it from the release tag.',
  });
  const semconvOptIn = reader.string('OTEL_SEMCONV_STABILITY_OPT_IN', 'http,database', {
    doc: 'Semantic conventions of the http and pg spans: `http,database` (current), `http/dup,database/dup` (old and current), or empty for the old ones.',
  });
  const name = reader.string('OTEL_SERVICE_NAME', serviceName, {
    doc: 'Service name of the exported spans.',
    defaultText: 'the app name, e.g. `station-service`',
  });
  const exporters = (exporter ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const unknown = exporters.filter((e) => !(TRACES_EXPORTERS as readonly string[]).includes(e));
  if (unknown.length > 0)
    reader.invalid('OTEL_TRACES_EXPORTER', `has unknown exporter(s) ${unknown.join(', ')}; allowed: otlp, console, none`);
  reader.done();
  const named = exporters.length > 0 ? !exporters.includes('none') : Boolean(traces || base);
  return { serviceName: name, exporting: !disabled && named, semconvOptIn, ...(version ? { version } : {}) };
}

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
