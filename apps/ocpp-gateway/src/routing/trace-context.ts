import { randomBytes } from 'node:crypto';

/**
 * A W3C `traceparent` for a frame that arrives without one. The observability issue replaces
 * this with the OpenTelemetry span context of the receive span.
 */
export function newTraceparent(): string {
  const bytes = randomBytes(24).toString('hex');
  return `00-${bytes.slice(0, 32)}-${bytes.slice(32, 48)}-01`;
}
