import { Topics } from '@voltlane/contracts';
import { createKafka } from '@voltlane/messaging';
import { SERVICES, startDistributed, type RunningDistributed } from '@voltlane/distributed';
import {
  IsolatedRun,
  OtlpReceiver,
  TestStation,
  ensureCompiledBuild,
  freePort,
  infraEnv,
  uniqueName,
  waitFor,
  type ReceivedSpan,
} from '@voltlane/testing';

/** Follows parent links from `span` up to the root; returns the chain of span names. */
function chainToRoot(span: ReceivedSpan, all: ReceivedSpan[]): string[] {
  const byId = new Map(all.map((s) => [s.spanId, s]));
  const names = [span.name];
  let parentId = span.parentSpanId;
  while (parentId) {
    const parent = byId.get(parentId);
    if (!parent) return [...names, `<missing ${parentId}>`];
    names.push(parent.name);
    parentId = parent.parentSpanId;
  }
  return names;
}

const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 };

/**
 * Tracing as deployed: every app its own process (npm run start:distributed's launcher), each
 * exporting over OTLP/HTTP to a collector in this test. One station CALL, or one operator command,
 * is one connected trace, with the standard http, pg, redis and Kafka spans of every hop.
 */
describe('tracing: one station CALL or operator command is one connected trace, across processes', () => {
  const infra = infraEnv();
  const run = new IsolatedRun('trace', SERVICES);
  const suffix = run.suffix;
  let collector: OtlpReceiver;
  let stack: RunningDistributed;
  const output: string[] = [];

  beforeAll(async () => {
    await ensureCompiledBuild();
    collector = await OtlpReceiver.start();
    const ports = { ocpp: await freePort(), gatewayOps: await freePort(), api: await freePort() };
    const servicePorts = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const)));
    stack = await startDistributed({
      env: {
        ...run.env(),
        ...collector.exporterEnv(),
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e',
      },
      ports: { ...ports, services: servicePorts },
      logSink: (line) => output.push(`${line.source} | ${line.text}`),
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await collector?.close();
    await run.cleanUp();
  }, 60_000);

  /** The spans of the trace whose root is the gateway's receive span of `messageId`, once `done` holds. */
  async function traceOfCall(action: string, messageId: string, done: (trace: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
    let trace: ReceivedSpan[] = [];
    await waitFor(
      () => {
        const root = collector.spans.find((s) => s.name === `ocpp ${action}` && s.attributes['ocpp.message_id'] === messageId);
        trace = root ? collector.trace(root.traceId) : [];
        return trace.length > 0 && done(trace);
      },
      { timeoutMs: 20_000, message: `the trace of ${action} ${messageId}` },
    );
    return trace;
  }

  it('BootNotification: gateway → Kafka → station-service → PostgreSQL and Redis → gateway answer, one trace of standard spans', async () => {
    const station = await TestStation.connect(`${stack.gatewayUrl}/${uniqueName('cs')}`, ['ocpp2.0.1']);
    const answer = await station.call(
      'BootNotification',
      { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } },
      'trace-boot-1',
    );
    station.socket.terminate();
    expect(answer[2]).toMatchObject({ status: 'Accepted' });
    // Each process exports its own spans on its own schedule: wait for the spans of every hop
    // (a missing hop still fails, on the wait's message), then judge their shape.
    const isWrite = (s: ReceivedSpan) =>
      s.attributes['db.system.name'] === 'postgresql' && /INSERT|UPDATE/.test(String(s.attributes['db.query.text']));
    const trace = await traceOfCall(
      'BootNotification',
      'trace-boot-1',
      (t) =>
        t.some((s) => s.name === 'ocpp BootNotification answer') &&
        t.some((s) => s.kind === SPAN_KIND.consumer) &&
        t.some(isWrite) &&
        t.some((s) => s.attributes['db.system.name'] === 'redis' && s.name === 'publish'),
    );
    // The gateway publishes the frame: a Kafka PRODUCER span on the inbound topic.
    const send = trace.find((s) => s.name === `send ocpp.inbound.v1${suffix}`);
    expect(send).toMatchObject({ service: 'ocpp-gateway', kind: SPAN_KIND.producer });
    expect(send?.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': `ocpp.inbound.v1${suffix}` });
    // Only the station-service answers it (the others drop it from its headers, without a span).
    const consumers = trace.filter((s) => s.kind === SPAN_KIND.consumer);
    expect(consumers.map((s) => s.service)).toEqual(['station-service']);
    expect(chainToRoot(consumers[0], trace).slice(1, 3)).toEqual([send?.name, 'ocpp BootNotification']);
    // pg (current conventions: db.system.name, db.query.text) and ioredis spans, from the instrumentations.
    const writes = trace.filter(isWrite);
    expect(writes.length).toBeGreaterThan(0);
    expect(
      writes.every(
        (s) => s.service === 'station-service' && s.kind === SPAN_KIND.client && s.scope === '@opentelemetry/instrumentation-pg',
      ),
    ).toBe(true);
    expect(trace.some((s) => s.attributes['db.system'] === 'postgresql' || 'db.statement' in s.attributes)).toBe(false);
    const reply = trace.find((s) => s.attributes['db.system.name'] === 'redis' && s.name === 'publish');
    expect(reply).toMatchObject({ service: 'station-service', scope: '@opentelemetry/instrumentation-ioredis' });
    // Every span leads back to the gateway's receive span, the answer included.
    for (const span of trace) expect(chainToRoot(span, trace).at(-1)).toBe('ocpp BootNotification');
    // The resource comes from OTEL_* variables and the detectors.
    const resourceOf = collector.spans.find((s) => s.service === 'station-service');
    expect(resourceOf).toBeDefined();
  });

  it('a remote start from the operator API: api-edge HTTP → session-service → gateway → station → result, one trace', async () => {
    const id = uniqueName('cs');
    const station = await TestStation.connect(`${stack.gatewayUrl}/${id}`, ['ocpp1.6']);
    await station.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    station.onCall = (action, _payload, msgId) => (action === 'RemoteStartTransaction' ? [3, msgId, { status: 'Accepted' }] : undefined);
    const response = await fetch(`${stack.apiUrl}/api/v1/stations/${id}/remote-start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.adminKey.key },
      body: JSON.stringify({ idToken: 'TRACE-TAG', connectorId: 1 }),
    });
    expect(response.status).toBe(200);
    station.socket.terminate();
    let trace: ReceivedSpan[] = [];
    await waitFor(
      () => {
        const command = collector.spans.find(
          (s) => s.name === 'ocpp RemoteStartTransaction to station' && s.attributes['ocpp.station_id'] === id,
        );
        trace = command ? collector.trace(command.traceId) : [];
        return (
          trace.some((s) => s.service === 'api-edge' && s.kind === SPAN_KIND.server) &&
          trace.some((s) => s.service === 'session-service' && s.kind === SPAN_KIND.server) &&
          trace.some((s) => s.service === 'ocpp-gateway')
        );
      },
      { timeoutMs: 20_000, message: 'the remote start trace' },
    );
    const command = trace.find((s) => s.name === 'ocpp RemoteStartTransaction to station') as ReceivedSpan;
    expect(command.attributes['ocpp.outcome']).toBe('result');
    const chain = chainToRoot(command, trace);
    // api-edge: the HTTP server span (named by its route) and the instrumented request to the
    // session-service, whose own HTTP server span continues the trace.
    expect(chain.at(-1)).toBe('POST /api/v1/stations/{id}/remote-start');
    const edge = trace.find((s) => s.service === 'api-edge' && s.kind === SPAN_KIND.server);
    expect(edge?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/stations/{id}/remote-start',
      'http.response.status_code': 200,
    });
    expect(
      trace.some((s) => s.service === 'api-edge' && s.kind === SPAN_KIND.client && s.attributes['http.request.method'] === 'POST'),
    ).toBe(true);
    const service = trace.find((s) => s.service === 'session-service' && s.kind === SPAN_KIND.server);
    expect(service?.name).toBe('POST /api/v1/stations/:id/remote-start');
    expect(chainToRoot(command, trace)).toContain(service?.name);
    expect(trace.some((s) => s.service === 'ocpp-gateway')).toBe(true);
  });

  it('a CDR on billing.cdrs.v1 carries, as its Kafka traceparent header, the trace of the StopTransaction that ended the session', async () => {
    const api = (path: string, body: unknown) =>
      fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': stack.adminKey.key },
        body: JSON.stringify(body),
      });
    const customer = (await (await api('/api/v1/customers', { name: 'Trace Co' })).json()) as { id: string };
    const tag = uniqueName('TAG').slice(0, 20).toUpperCase();
    expect((await api('/api/v1/id-tokens', { idToken: tag, type: 'ISO14443', customerId: customer.id })).status).toBe(201);
    const id = uniqueName('cs');
    const station = await TestStation.connect(`${stack.gatewayUrl}/${id}`, ['ocpp1.6']);
    await station.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    await waitFor(
      async () =>
        ((await station.call('Authorize', { idTag: tag }))[2] as { idTagInfo: { status: string } }).idTagInfo.status === 'Accepted',
      {
        timeoutMs: 20_000,
        message: 'the token known to the customer-service',
      },
    );
    const started = await station.call('StartTransaction', {
      connectorId: 1,
      idTag: tag,
      meterStart: 0,
      timestamp: new Date(Date.now() - 600_000).toISOString(),
    });
    const { transactionId } = started[2] as { transactionId: number };
    const stopped = await station.call(
      'StopTransaction',
      { transactionId, meterStop: 5_000, timestamp: new Date().toISOString(), reason: 'Local' },
      'trace-stop-1',
    );
    expect(stopped[0]).toBe(3);
    station.socket.terminate();

    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'tracing-spec-cdrs' });
    const consumer = kafka.consumer({ groupId: uniqueName('cdr-reader') });
    let traceparent: string | undefined;
    await consumer.connect();
    await consumer.subscribe({ topics: [`${Topics.BillingCdrs}${suffix}`], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (String(message.key) === id) traceparent = message.headers?.traceparent?.toString();
      },
    });
    try {
      await waitFor(() => traceparent !== undefined, { timeoutMs: 30_000, message: 'the CDR of the session' });
    } finally {
      await consumer.disconnect();
    }
    const [, traceId] = (traceparent as string).split('-');
    const root = collector.spans.find((s) => s.name === 'ocpp StopTransaction' && s.attributes['ocpp.message_id'] === 'trace-stop-1');
    expect(root?.traceId).toBe(traceId);
    // The hops in between are in the trace: the session-service's outbox record, billing's CDR.
    await waitFor(
      () => collector.trace(traceId).some((s) => s.service === 'billing-service' && s.name === `send ${Topics.BillingCdrs}${suffix}`),
      {
        message: "billing's send span in the trace",
      },
    );
    await waitFor(
      () => collector.trace(traceId).some((s) => s.service === 'session-service' && s.name === `send ${Topics.SessionLifecycle}${suffix}`),
      { message: "the session-service's send span in the trace" },
    );
  });

  it('no process exports an old-convention attribute, and every process exports', () => {
    const old = collector.spans.filter((s) =>
      ['http.method', 'http.target', 'http.status_code', 'db.statement'].some((k) => k in s.attributes),
    );
    expect(old).toEqual([]);
    const services = new Set(collector.spans.map((s) => s.service));
    for (const app of ['ocpp-gateway', 'station-service', 'session-service', 'api-edge']) expect(services).toContain(app);
  });
});
