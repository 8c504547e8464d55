import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTelemetry, tracer, traceparentOf, type Telemetry } from '@voltlane/telemetry';
import { uniqueName, waitFor } from '@voltlane/testing';
import { StackHarness } from './stack-harness';

/** Follows parent links from `span` up to the root; returns the chain of span names. */
function chainToRoot(span: ReadableSpan, all: ReadableSpan[]): string[] {
  const byId = new Map(all.map((s) => [s.spanContext().spanId, s]));
  const names = [span.name];
  let parentId = span.parentSpanContext?.spanId;
  while (parentId) {
    const parent = byId.get(parentId);
    if (!parent) return [...names, `<missing ${parentId}>`];
    names.push(parent.name);
    parentId = parent.parentSpanContext?.spanId;
  }
  return names;
}

describe('tracing: one station CALL or operator command is one connected trace', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  let harness: StackHarness;

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'e2e', exporter });
    harness = await StackHarness.start({
      services: ['customer', 'station', 'session'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await telemetry.shutdown();
  });

  it('BootNotification: gateway → Kafka → station-service → PostgreSQL → reply channel → gateway, one trace', async () => {
    const station = await harness.connect(uniqueName('cs'), 'ocpp2.0.1');
    const answer = await station.call(
      'BootNotification',
      { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } },
      'trace-boot-1',
    );
    expect(answer[2]).toMatchObject({ status: 'Accepted' });
    let spans: ReadableSpan[] = [];
    const isAnswer = (s: ReadableSpan) => s.name === 'ocpp BootNotification answer' && s.attributes['ocpp.message_id'] === 'trace-boot-1';
    await waitFor(() => (spans = exporter.getFinishedSpans()).some(isAnswer), { message: 'answer span' });
    const root = spans.find(
      (s) => s.name === 'ocpp BootNotification' && s.attributes['ocpp.message_id'] === 'trace-boot-1',
    ) as ReadableSpan;
    const trace = spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
    // The station-service answers it, continues the trace and writes to PostgreSQL. The customer-
    // and session-service neither answer nor observe a BootNotification: they drop it from its
    // headers, without a span.
    const consumers = trace.filter((s) => s.name.startsWith('ocpp BootNotification ') && s !== root && !isAnswer(s));
    expect(consumers).toHaveLength(1);
    expect(
      trace.some((s) => s.attributes['db.system'] === 'postgresql' && /INSERT|UPDATE/i.test(String(s.attributes['db.statement']))),
    ).toBe(true);
    for (const span of trace) expect(chainToRoot(span, trace).at(-1)).toBe('ocpp BootNotification');
    expect(chainToRoot(trace.find(isAnswer) as ReadableSpan, trace).at(-1)).toBe('ocpp BootNotification');
  });

  it('Authorize: gateway receive → Kafka → customer-service → PostgreSQL → reply channel → gateway answer', async () => {
    const station = await harness.connect(uniqueName('cs'), 'ocpp1.6', { bootStatus: 'Accepted' });
    const answer = await station.call('Authorize', { idTag: 'UNKNOWN-TAG' }, 'trace-auth-1');
    expect(answer[0]).toBe(3);
    let spans: ReadableSpan[] = [];
    const isAnswer = (s: ReadableSpan) => s.name === 'ocpp Authorize answer' && s.attributes['ocpp.message_id'] === 'trace-auth-1';
    await waitFor(() => (spans = exporter.getFinishedSpans()).some(isAnswer), { message: 'answer span' });
    const root = spans.find((s) => s.name === 'ocpp Authorize' && s.attributes['ocpp.message_id'] === 'trace-auth-1');
    expect(root).toBeDefined();
    const traceId = root?.spanContext().traceId;
    const trace = spans.filter((s) => s.spanContext().traceId === traceId);
    const consumer = trace.find((s) => s.name.startsWith('ocpp Authorize customer'));
    expect(consumer).toBeDefined();
    expect(trace.filter((s) => s.attributes['db.system'] === 'postgresql').length).toBeGreaterThan(0);
    // Every span of the trace leads back to the gateway's receive span.
    for (const span of trace) expect(chainToRoot(span, trace).at(-1)).toBe('ocpp Authorize');
    const answerSpan = trace.find(isAnswer) as ReadableSpan;
    expect(chainToRoot(answerSpan, trace).slice(0, 3)).toEqual(['ocpp Authorize answer', consumer?.name, 'ocpp Authorize']);
  });

  it('a remote start from the operator API: HTTP → session-service → gateway → station → result, one trace', async () => {
    const id = uniqueName('cs');
    const station = await harness.connect(id, 'ocpp1.6', { bootStatus: 'Accepted' });
    station.onCall = (action, _payload, msgId) => (action === 'RemoteStartTransaction' ? [3, msgId, { status: 'Accepted' }] : undefined);
    const response = await harness.api.request('POST', `/api/v1/stations/${id}/remote-start`, { idToken: 'TRACE-TAG', connectorId: 1 });
    expect(response.status).toBe(200);
    let trace: ReadableSpan[] = [];
    const isCommand = (s: ReadableSpan) => s.name === 'ocpp RemoteStartTransaction to station' && s.attributes['ocpp.station_id'] === id;
    await waitFor(() => exporter.getFinishedSpans().some(isCommand), { message: 'command span' });
    const command = exporter.getFinishedSpans().find(isCommand) as ReadableSpan;
    await waitFor(
      () =>
        (trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === command.spanContext().traceId)).some((s) =>
          s.name.startsWith('POST '),
        ),
      { message: 'HTTP span' },
    );
    expect(command.attributes['ocpp.outcome']).toBe('result');
    expect(chainToRoot(command, trace)).toEqual(['ocpp RemoteStartTransaction to station', 'POST /api/v1/stations/:id/remote-start']);
  });

  it('an operator command: sender → gateway → station → result, in one trace', async () => {
    const id = uniqueName('cs');
    const station = await harness.connect(id, 'ocpp1.6', { bootStatus: 'Accepted' });
    station.onCall = (action, _payload, msgId) => (action === 'ClearCache' ? [3, msgId, { status: 'Accepted' }] : undefined);
    const operator = tracer('e2e').startSpan('operator ClearCache');
    const result = await harness.commands.send(id, 'ClearCache', {}, { timeoutMs: 5_000, traceparent: traceparentOf(operator) });
    operator.end();
    expect(result.outcome).toBe('result');
    const traceId = operator.spanContext().traceId;
    let trace: ReadableSpan[] = [];
    await waitFor(() => (trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId)).length >= 2);
    const commandSpan = trace.find((s) => s.name === 'ocpp ClearCache to station');
    expect(commandSpan?.attributes['ocpp.outcome']).toBe('result');
    expect(chainToRoot(commandSpan as ReadableSpan, trace)).toEqual(['ocpp ClearCache to station', 'operator ClearCache']);
    expect(result.traceparent).toContain(traceId);
  });
});
