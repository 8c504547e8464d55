import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it.each([
    [1, 1, 100],
    [2, 1, 200],
    [3, 1, 400],
    [6, 1, 2_000], // 3,200 capped
    [3, 0.5, 200],
    [3, 0, 0],
  ])('attempt %i with a draw of %f waits %i ms (base 100, cap 2,000, full jitter)', (attempt, draw, expected) => {
    expect(backoffDelay(attempt, 100, 2_000, () => draw)).toBe(expected);
  });
});
