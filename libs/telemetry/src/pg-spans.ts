import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import pg from 'pg';

let patched = false;

/**
 * A span per PostgreSQL query (`db.system=postgresql`, the statement without parameters), as a
 * child of the active span. Patches the loaded `pg` module, so it works whatever loaded it
 * (including test runners with their own module system).
 */
export function instrumentPg(): void {
  if (patched) return;
  patched = true;
  const tracer = trace.getTracer('voltlane.pg');
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply() below
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function tracedQuery(this: pg.Client, ...args: unknown[]): unknown {
    if (!trace.getSpan(context.active())) return original.apply(this, args);
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const span = tracer.startSpan(`pg ${text.split(/\s+/, 1)[0]?.toUpperCase() ?? 'QUERY'}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.statement': text.slice(0, 2_000) },
    });
    const finish = (error?: unknown): void => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : 'query failed' });
      span.end();
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = function (this: unknown, error: unknown, ...rest: unknown[]) {
        finish(error ?? undefined);
        return (last as (...a: unknown[]) => unknown).call(this, error, ...rest);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => finish(),
        (error: unknown) => finish(error),
      );
    } else {
      finish();
    }
    return result;
  } as typeof pg.Client.prototype.query;
}
