import { randomFillSync } from 'node:crypto';

const ID_BYTES = 24; // 16-byte trace id + 8-byte span id
const pool = Buffer.allocUnsafe(ID_BYTES * 256);
let offset = pool.length;

/**
 * A W3C `traceparent` for a frame whose receive span is not recorded (tracing off). Called for
 * every station CALL, so the random bytes come from a pool refilled in 6 KB blocks instead of one
 * synchronous randomBytes() per frame.
 */
export function newTraceparent(): string {
  if (offset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const traceId = pool.toString('hex', offset, offset + 16);
  const spanId = pool.toString('hex', offset + 16, offset + ID_BYTES);
  offset += ID_BYTES;
  return `00-${traceId}-${spanId}-01`;
}
