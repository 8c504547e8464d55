import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { withLogContext } from './log-context';
import { startTelemetry } from './telemetry-sdk';
import { tracer } from './tracing';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('structured logs', () => {
  it('carry the station, message and trace of the work being done, and redact secrets', async () => {
    const telemetry = startTelemetry({ serviceName: 'spec', exporter: new InMemorySpanExporter() });
    const { lines, stream } = capture();
    const logger = createLogger('spec', 'info', stream);
    const span = tracer('spec').startSpan('work');
    const { context, trace } = await import('@opentelemetry/api');
    context.with(trace.setSpan(context.active(), span), () =>
      withLogContext({ stationId: 'CP-1', messageId: 'm-9' }, () => logger.info({ password: 'hunter22' }, 'handled')),
    );
    span.end();
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      stationId: 'CP-1',
      messageId: 'm-9',
      traceId: span.spanContext().traceId,
      password: '[redacted]',
      app: 'spec',
      msg: 'handled',
    });
    expect(lines[1].stationId).toBeUndefined();
    await telemetry.shutdown();
  });
});
