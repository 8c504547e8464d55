import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { SpanKind, context, contextFromTraceparent, currentTraceparent, startTelemetry, type Telemetry } from '@voltlane/telemetry';
import { InMemoryBus } from '../in-process/in-memory-bus';
import type { BusMessage } from '../ports/event-bus.port';
import { TRACEPARENT, processInRecordTrace, startRecordSend } from './record-tracing';

const FRAME_TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

function message(headers: Record<string, string>): BusMessage {
  return { topic: 'sessions.lifecycle.v1', partition: 2, offset: '41', key: 'CP-1', value: '{}', headers, timestamp: '0' };
}

describe('record tracing, spans not recorded (no exporter): the trace context still travels', () => {
  // As every app's instrumentation.ts does; with no OTLP endpoint it installs the context only.
  beforeAll(() => expect(startTelemetry({ serviceName: 'record-tracing-spec', env: {} }).exporting).toBe(false));

  it('sends a record with the traceparent it carries, else the caller’s', () => {
    expect(startRecordSend({ topic: 't', key: 'k', value: 'v', headers: { [TRACEPARENT]: FRAME_TRACE } }, 'kafka').traceparent).toBe(
      FRAME_TRACE,
    );
    context.with(contextFromTraceparent(FRAME_TRACE), () => {
      expect(startRecordSend({ topic: 't', key: 'k', value: 'v' }, 'kafka').traceparent).toBe(FRAME_TRACE);
    });
    expect(startRecordSend({ topic: 't', key: 'k', value: 'v' }, 'kafka').traceparent).toBeUndefined();
  });

  it('handles a record in its trace, so what the handler logs and sends belongs to it', async () => {
    const seen = await processInRecordTrace(message({ [TRACEPARENT]: FRAME_TRACE }), { system: 'kafka', groupId: 'g' }, async () =>
      currentTraceparent(),
    );
    expect(traceIdOf(seen)).toBe(traceIdOf(FRAME_TRACE));
  });

  it('the in-process bus carries the publisher’s trace to the consumer', async () => {
    const bus = new InMemoryBus();
    const received: BusMessage[] = [];
    await bus.subscribe({ groupId: 'g', topics: ['t'] }, async (m) => {
      received.push(m);
    });
    await context.with(contextFromTraceparent(FRAME_TRACE), () => bus.publish({ topic: 't', key: 'k', value: 'v' }));
    await bus.drain();
    expect(received[0].headers[TRACEPARENT]).toBe(FRAME_TRACE);
  });
});

describe('record tracing, spans recorded', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'record-tracing-spec', exporter });
  });
  afterAll(() => telemetry.shutdown());
  beforeEach(() => exporter.reset());

  it('a send span per record, a child of the frame it carries even when another trace is active, ended with the outcome', () => {
    const other = '00-11111111111111111111111111111111-2222222222222222-01';
    const sent = context.with(contextFromTraceparent(other), () =>
      startRecordSend({ topic: 'ocpp.inbound.v1', key: 'CP-1', value: '[]', headers: { [TRACEPARENT]: FRAME_TRACE } }, 'kafka'),
    );
    const failed = startRecordSend(
      { topic: 'billing.cdrs.v1', key: 'CP-2', value: '{}', headers: { [TRACEPARENT]: FRAME_TRACE } },
      'kafka',
    );
    sent.done();
    failed.done(new Error('broker gone'));
    const [ok, bad] = exporter.getFinishedSpans();
    expect(ok.name).toBe('send ocpp.inbound.v1');
    expect(ok.kind).toBe(SpanKind.PRODUCER);
    expect(ok.spanContext().traceId).toBe(traceIdOf(FRAME_TRACE));
    expect(ok.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(ok.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'ocpp.inbound.v1',
      'messaging.kafka.message.key': 'CP-1',
    });
    // The record goes out with the send span's own context, so its consumer is the send span's child.
    expect(sent.traceparent).toBe(`00-${traceIdOf(FRAME_TRACE)}-${ok.spanContext().spanId}-01`);
    expect(bad.status.code).toBe(2);
  });

  it('a process span per record, a child of the record’s traceparent, with the consumer group and offset', async () => {
    await expect(
      processInRecordTrace(message({ [TRACEPARENT]: FRAME_TRACE }), { system: 'kafka', groupId: 'billing-service' }, async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('process sessions.lifecycle.v1');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({
      'messaging.consumer.group.name': 'billing-service',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
    });
    expect(span.status.code).toBe(2);
  });
});
