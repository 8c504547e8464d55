import { context, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { currentLogFields } from './log-context';
import { logLevelFromEnv } from './telemetry-config';

/**
 * Structured JSON logs (pino) at `level` (default: LOG_LEVEL, info). Secrets never reach a log
 * line: the redaction paths cover the places they could appear.
 */
export function createLogger(app: string, level: string = logLevelFromEnv(), destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: app,
    level,
    base: { app },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line logged inside a traced operation carries its trace and span id.
    // …and the station and message it is about (see withLogContext).
    mixin: () => {
      const fields = currentLogFields() ?? {};
      const span = trace.getSpan(context.active());
      if (!span) return { ...fields };
      const { traceId, spanId } = span.spanContext();
      return { ...fields, traceId, spanId };
    },
    redact: {
      paths: [
        'password',
        '*.password',
        'passwordHash',
        '*.passwordHash',
        'headers.authorization',
        '*.headers.authorization',
        'apiKey',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
