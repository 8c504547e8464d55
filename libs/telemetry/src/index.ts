export { createLogger, type Logger } from './logger';
export { LOG_LEVELS, loadTracingConfig, logLevelFromEnv, type LogLevel } from './telemetry-config';
export {
  SpanKind,
  context,
  contextFromTraceparent,
  currentTraceparent,
  endSpan,
  outsideAnyTrace,
  trace,
  traceparentOf,
  tracer,
  type Context,
  type Span,
} from './tracing';
export { startTelemetry, startTelemetryFromEnv, tracesRecorded, type Telemetry, type TelemetryOptions } from './telemetry-sdk';
export { startOpsServer, type OpsServer, type OpsServerOptions, type ReadinessCheck } from './ops-server';
export { counterFromReadings, createMetricsRegistry, gaugeFromAsyncReadings, gaugeFromReadings } from './metrics';
export { currentLogFields, withLogContext, type LogFields } from './log-context';
