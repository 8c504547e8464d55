import { context, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs (pino). Secrets never reach a log line: the redaction paths cover the
 * places they could appear.
 */
export function createLogger(app: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: app,
    level,
    base: { app },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line logged inside a traced operation carries its trace and span id.
    mixin: () => {
      const span = trace.getSpan(context.active());
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
    redact: {
      paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'headers.authorization', '*.headers.authorization', 'apiKey', '*.apiKey'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
