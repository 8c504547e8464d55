import {
  SpanKind,
  context,
  contextFromTraceparent,
  currentTraceparent,
  endSpan,
  trace,
  traceparentOf,
  tracer,
  tracesRecorded,
  type Span,
} from '@voltlane/telemetry';
import type { BusMessage, BusRecord } from '../ports/event-bus.port';

/** The W3C trace context header every record of every topic carries, as a Kafka header of its own. */
export const TRACEPARENT = 'traceparent';

/** `messaging.system` of the bus a record travels on (OpenTelemetry messaging conventions). */
export type MessagingSystem = 'kafka' | 'voltlane_in_process';

export interface RecordSend {
  /** The `traceparent` to send with the record: the send span's, else the one it came with. */
  traceparent: string | undefined;
  /** Ends the send span once the broker acknowledged the record (or failed to). */
  done(error?: unknown): void;
}

/**
 * The PRODUCER span of one record, a child of the trace the record belongs to: the `traceparent`
 * the publisher set on it (the gateway sets the station frame's), else the caller's active
 * context. Batching publishers call this when the record is queued, so a batch of many stations'
 * frames still puts each send span into its own frame's trace.
 */
export function startRecordSend(record: BusRecord, system: MessagingSystem): RecordSend {
  const carried = record.headers?.[TRACEPARENT];
  if (!tracesRecorded()) return { traceparent: carried ?? currentTraceparent(), done: ignore };
  const parent = carried ? contextFromTraceparent(carried) : context.active();
  const span: Span = tracer('voltlane.messaging').startSpan(
    `send ${record.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': record.topic,
        'messaging.kafka.message.key': record.key,
      },
    },
    parent,
  );
  return { traceparent: traceparentOf(span) ?? carried, done: (error?: unknown) => endSpan(span, error) };
}

const ignore = (): void => undefined;

/** The record's headers with its `traceparent` (the Kafka header list is built from these). */
export function withTraceparent(headers: Record<string, string> | undefined, traceparent: string | undefined): Record<string, string> {
  if (!traceparent) return headers ?? {};
  return { ...headers, [TRACEPARENT]: traceparent };
}

/**
 * Runs `handle` in a CONSUMER `process <topic>` span continuing the record's trace, so what the
 * handler does (queries, records it publishes, log lines) belongs to the trace of the record.
 */
export function processInRecordTrace<T>(
  message: BusMessage,
  attributes: { system: MessagingSystem; groupId: string },
  handle: () => Promise<T>,
): Promise<T> {
  const parent = contextFromTraceparent(message.headers[TRACEPARENT]);
  // Not recorded: the record's trace context alone, for the log lines and what the handler sends on.
  if (!tracesRecorded()) return context.with(parent, handle);
  const span = tracer('voltlane.messaging').startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': attributes.system,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.consumer.group.name': attributes.groupId,
        'messaging.kafka.message.key': message.key,
        'messaging.kafka.offset': Number(message.offset),
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), handle).then(
    (result) => {
      endSpan(span);
      return result;
    },
    (error: unknown) => {
      endSpan(span, error);
      throw error;
    },
  );
}
