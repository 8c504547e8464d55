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
    redact: {
      paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'headers.authorization', '*.headers.authorization', 'apiKey', '*.apiKey'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
