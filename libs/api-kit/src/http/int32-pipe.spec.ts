import { ProblemError } from './problem';
import { Int32Pipe, parseInt32 } from './int32-pipe';

describe('Int32Pipe', () => {
  const pipe = new Int32Pipe();
  const meta = { type: 'param' as const, data: 'reservationId' };

  it.each([
    ['0', 0],
    ['42', 42],
    ['-1', -1],
    ['+7', 7],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    ['007', 7],
  ])('%p → %p', (text, value) => {
    expect(pipe.transform(text, meta)).toBe(value);
  });

  it.each(['2147483648', '-2147483649', '99999999999', 'abc', '1.5', '', ' 1', '1e3', '0x10', '12345678901234567890123', undefined])(
    '%p → 400 naming the parameter',
    (text) => {
      let error: unknown;
      try {
        pipe.transform(text, meta);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProblemError);
      expect(error).toMatchObject({ status: 400, extra: { parameter: 'reservationId' } });
      expect((error as ProblemError).detail).toContain('reservationId must be an integer from -2147483648 to 2147483647');
    },
  );

  it('takes narrower bounds', () => {
    expect(() => parseInt32('-1', 'requestId', { min: 0 })).toThrow('requestId must be an integer from 0 to 2147483647, not "-1"');
    expect(new Int32Pipe({ min: 1 }).transform('1', meta)).toBe(1);
  });
});
