export { createLogger, type Logger } from './logger';
export { LOG_LEVELS, loadTracingConfig, logLevelFromEnv, type LogLevel } from './telemetry-config';
export {
  SpanKind,
  context,
  contextFromTraceparent,
  currentTraceparent,
  endSpan,
  startTelemetry,
  startTelemetryFromEnv,
  trace,
  traceparentOf,
  tracer,
  type Context,
  type Span,
  type Telemetry,
  type TelemetryOptions,
} from './tracing';
export { startOpsServer, type OpsServer, type OpsServerOptions, type ReadinessCheck } from './ops-server';
export { counterFromReadings, createMetricsRegistry, gaugeFromReadings } from './metrics';
export { currentLogFields, withLogContext, type LogFields } from './log-context';
