import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { LogLines, duplicateKeys } from '@voltlane/testing';
import { withLogContext } from './log-context';
import { createLogger } from './logger';

describe('duplicateKeys (the check the log specs use)', () => {
  it.each([
    ['{"a":1,"b":{"a":2}}', []],
    ['{"a":1,"a":2}', ['a']],
    ['{"x":{"k":"v","k":"w"},"l":[{"q":1,"q":2}]}', ['x.k', 'l.0.q']],
    ['{"s":"a\\"b","t":"{\\"s\\":1}","s":null}', ['s']],
    ['[1, -2.5e3, true, false, null, "x"]', []],
  ])('%s → %p', (json, expected) => {
    expect(duplicateKeys(json)).toEqual(expected);
  });

  it.each(['{"a":1', '{"a" 1}', '{"a":1}x', "{'a':1}"])('throws on %p', (text) => {
    expect(() => duplicateKeys(text)).toThrow(SyntaxError);
  });
});

describe('log lines', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  /** A span context continued from a traceparent, as a Kafka record or an HTTP request carries it (recorded or not). */
  const continued = (traceId: string, spanId: string) => propagation.extract(ROOT_CONTEXT, { traceparent: `00-${traceId}-${spanId}-01` });

  it('have each key once: the app, a child that binds app again, the log context and what the line logs', () => {
    const out = new LogLines();
    const root = createLogger('voltlane', 'info', out);
    const service = root.child({ app: 'station-service' }).child({ service: 'station-service' });
    const http = service.child({ component: 'http', service: 'station-service' });
    withLogContext({ stationId: 'CP-1', messageId: 'm-1' }, () => {
      root.info('root');
      service.info({ stationId: 'CP-2' }, 'overrides the context');
      http.info({ service: 'x', component: 'y', app: 'z' }, 'overrides the bindings');
    });
    for (const raw of out.raw) expect(duplicateKeys(raw)).toEqual([]);
    const [first, second, third] = out.lines;
    expect(first).toMatchObject({ app: 'voltlane', stationId: 'CP-1', messageId: 'm-1', msg: 'root' });
    expect(second).toMatchObject({ app: 'station-service', service: 'station-service', stationId: 'CP-2' });
    expect(third).toMatchObject({ app: 'z', service: 'x', component: 'y', stationId: 'CP-1' });
    expect(first).not.toHaveProperty('name');
    expect(http.bindings()).toEqual({ app: 'station-service', service: 'station-service', component: 'http' });
  });

  it('carry the trace and span id of the active span on every line, children and levels alike, and none outside it', () => {
    const out = new LogLines();
    const logger = createLogger('spec', 'debug', out);
    const child = logger.child({ component: 'c' });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const spanId = '00f067aa0ba902b7';
    context.with(continued(traceId, spanId), () => {
      logger.info('a');
      child.warn({ err: new Error('boom') }, 'b');
      child.debug('c');
    });
    logger.info('outside');
    const lines = out.lines;
    for (const line of lines.slice(0, 3)) expect(line).toMatchObject({ traceId, spanId });
    expect(lines[3]).not.toHaveProperty('traceId');
    expect(lines[3]).not.toHaveProperty('spanId');
  });

  it('keep the ids across an await inside the span, and write none for an invalid span context', async () => {
    const out = new LogLines();
    const logger = createLogger('spec', 'info', out);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await context.with(continued(traceId, 'b7ad6b7169203331'), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('after an await');
    });
    context.with(
      trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })),
      () => logger.info('invalid'),
    );
    expect(out.lines[0]).toMatchObject({ traceId, spanId: 'b7ad6b7169203331' });
    expect(out.lines[1]).not.toHaveProperty('traceId');
  });

  it('redact keys and authorization headers wherever a line puts them', () => {
    const out = new LogLines();
    const logger = createLogger('spec', 'info', out);
    logger.info({ headers: { authorization: 'Bearer vl_0123456789ab_secret', 'x-api-key': 'vl_0123456789ab_secret' }, apiKey: 'k' }, 'x');
    logger.child({ component: 'http' }).info({ request: { headers: { 'x-api-key': 'vl_0123456789ab_secret' } } }, 'y');
    expect(out.text.join('')).not.toContain('secret');
    expect(out.lines[0]).toMatchObject({ headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' }, apiKey: '[redacted]' });
  });
});
