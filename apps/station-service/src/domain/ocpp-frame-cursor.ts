/**
 * The keyset position of a logged frame: its time (as PostgreSQL wrote it, microseconds kept) and
 * its sequence number. The operator API hands it out as an opaque string (`after`).
 */
export interface FramePosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC). */
  at: string;
  /** The frame's `seq` (a bigint, as decimal digits). */
  seq: string;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const SEQ = /^[1-9][0-9]{0,18}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

export function encodeFrameCursor(position: FramePosition): string {
  return Buffer.from(`${position.at}|${position.seq}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this API made. */
export function decodeFrameCursor(cursor: string): FramePosition | undefined {
  if (!CURSOR.test(cursor)) return undefined;
  const [at, seq, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || at === undefined || seq === undefined || !AT.test(at) || !SEQ.test(seq)) return undefined;
  if (Number.isNaN(Date.parse(at)) || BigInt(seq) > 9_223_372_036_854_775_807n) return undefined;
  return { at, seq };
}
