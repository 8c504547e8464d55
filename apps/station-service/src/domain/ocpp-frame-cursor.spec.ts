import { decodeFrameCursor, encodeFrameCursor } from './ocpp-frame-cursor';

describe('frame cursor', () => {
  it('round-trips a position, microseconds and a large seq kept', () => {
    const position = { at: '2026-12-07T01:02:03.123456Z', seq: '9223372036854775807' };
    const cursor = encodeFrameCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeFrameCursor(cursor)).toEqual(position);
  });

  it('is opaque: different positions give different cursors', () => {
    const a = encodeFrameCursor({ at: '2026-12-07T01:02:03.123456Z', seq: '1' });
    const b = encodeFrameCursor({ at: '2026-12-07T01:02:03.123456Z', seq: '2' });
    expect(a).not.toBe(b);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', Buffer.from('2026-12-07T01:02:03.123456Z').toString('base64url')],
    ['milliseconds only', Buffer.from('2026-12-07T01:02:03.123Z|5').toString('base64url')],
    ['a month 13', Buffer.from('2026-13-07T01:02:03.123456Z|5').toString('base64url')],
    ['seq 0', Buffer.from('2026-12-07T01:02:03.123456Z|0').toString('base64url')],
    ['seq not a number', Buffer.from('2026-12-07T01:02:03.123456Z|x').toString('base64url')],
    ['seq beyond bigint', Buffer.from('2026-12-07T01:02:03.123456Z|9223372036854775808').toString('base64url')],
    ['a third part', Buffer.from('2026-12-07T01:02:03.123456Z|5|6').toString('base64url')],
    ['SQL in it', Buffer.from("2026-12-07T01:02:03.123456Z'; DROP TABLE x;--|5").toString('base64url')],
    ['too long', 'A'.repeat(201)],
  ])('rejects %s', (_what, cursor) => {
    expect(decodeFrameCursor(cursor)).toBeUndefined();
  });
});
