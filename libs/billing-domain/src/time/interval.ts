import { BillingError, BillingErrorCode } from '../billing-error';

/** A half-open span of time [from, to), instants in ms since the epoch. */
export interface Span {
  from: number;
  to: number;
}

export function spanOf(from: Date, to: Date, what: string): Span {
  const span = { from: from.getTime(), to: to.getTime() };
  if (!Number.isFinite(span.from) || !Number.isFinite(span.to) || span.to < span.from) {
    throw new BillingError(BillingErrorCode.InvalidUsage, `${what} ends before it starts or has an invalid date`, {
      from: String(from),
      to: String(to),
    });
  }
  return span;
}

export function durationMs(span: Span): number {
  return span.to - span.from;
}

/** The part of `span` that lies within [from, to), or undefined when nothing does. */
export function clip(span: Span, from: number, to: number): Span | undefined {
  const start = Math.max(span.from, from);
  const end = Math.min(span.to, to);
  return end > start ? { from: start, to: end } : undefined;
}
