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

/** Where spans go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces; unset: not exported. */
export function loadTracingConfig(serviceName: string, env: Env = process.env): { serviceName: string; otlpEndpoint?: string } {
  const reader = new EnvReader(env);
  const traces = reader.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '', ['http', 'https'], {
    doc: 'OTLP/HTTP traces endpoint, e.g. `http://otel-collector:4318/v1/traces`; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`.',
    defaultText: 'unset (spans are not exported; trace context still propagates)',
  });
  const base = reader.url('OTEL_EXPORTER_OTLP_ENDPOINT', '', ['http', 'https'], {
    doc: 'OTLP/HTTP endpoint; traces go to `<endpoint>/v1/traces`.',
    defaultText: 'unset (spans are not exported; trace context still propagates)',
  });
  const name = reader.string('OTEL_SERVICE_NAME', serviceName, {
    doc: 'Service name of the exported spans.',
    defaultText: 'the app name, e.g. `station-service`',
  });
  reader.done();
  const otlpEndpoint = traces || (base ? `${base.replace(/\/$/, '')}/v1/traces` : undefined);
  return { serviceName: name, ...(otlpEndpoint ? { otlpEndpoint } : {}) };
}
