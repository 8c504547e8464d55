import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Bindings, type ChildLoggerOptions, type Logger } from 'pino';
import { currentLogFields } from './log-context';
import { logLevelFromEnv } from './telemetry-config';

/** A logger's own fields (`app`, and what `child()` added), kept out of pino's pre-serialised bindings. */
const FIELDS = Symbol('voltlane.logFields');
type WithFields = Logger & { [FIELDS]: Bindings };

/**
 * Structured JSON logs (pino) at `level` (default: LOG_LEVEL, info). Secrets never reach a log
 * line: the redaction paths cover the places they could appear.
 *
 * Every line is one JSON object with each key once. pino writes a child's bindings as text after
 * its parent's, so `logger.child({ app })` under a logger that has `app` wrote the key twice (and
 * JSON parsers disagree about which one wins). Here a child's fields are merged into its parent's
 * (the child's value wins) and written, with the log context and the active span, through the mixin.
 */
export function createLogger(app: string, level: string = logLevelFromEnv(), destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Precedence, lowest first: the logger's fields, the log context (station, message…), the
    // active span's trace and span id, and what the line itself logs.
    mixin: (_line, _level, logger) => {
      const fields = { ...(logger as WithFields)[FIELDS], ...currentLogFields() };
      const span = trace.getSpan(context.active());
      if (!span) return fields;
      const spanContext = span.spanContext();
      // A span that is not recorded still has the ids of the trace it continues; an invalid one (no trace) has none.
      if (!isSpanContextValid(spanContext)) return fields;
      return { ...fields, traceId: spanContext.traceId, spanId: spanContext.spanId };
    },
    redact: {
      paths: [
        'password',
        '*.password',
        'passwordHash',
        '*.passwordHash',
        'headers.authorization',
        '*.headers.authorization',
        'headers["x-api-key"]',
        '*.headers["x-api-key"]',
        'apiKey',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  };
  const root = (destination ? pino(options, destination) : pino(options)) as WithFields;
  root[FIELDS] = { app };
  const pinoProto = Object.getPrototypeOf(root) as Logger;
  // pino makes a child with Object.create(parent): every descendant inherits these three.
  root.child = function child<ChildCustomLevels extends string = never>(
    this: WithFields,
    bindings: Bindings,
    childOptions?: ChildLoggerOptions<ChildCustomLevels>,
  ): Logger<ChildCustomLevels> {
    const created = pinoProto.child.call(this, {}, childOptions) as unknown as WithFields;
    created[FIELDS] = { ...this[FIELDS], ...bindings };
    return created as unknown as Logger<ChildCustomLevels>;
  };
  root.bindings = function bindings(this: WithFields): Bindings {
    return { ...this[FIELDS] };
  };
  root.setBindings = function setBindings(this: WithFields, bindings: Bindings): void {
    this[FIELDS] = { ...this[FIELDS], ...bindings };
  };
  return root;
}

export type { Logger };
