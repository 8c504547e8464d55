import { costUpdateTickMs, sessionsToSend } from './cost-update-schedule';

describe('CostUpdated schedule', () => {
  it.each([
    [1_000, 500],
    [2_000, 1_000],
    [60_000, 5_000],
    [300, 500],
  ])('an interval of %p ms is looked at every %p ms', (interval, tick) => {
    expect(costUpdateTickMs(interval)).toBe(tick);
  });

  const claimed = ['a', 'b', 'c', 'd'].map((sessionId) => ({ sessionId }));

  it('skips a session whose previous CostUpdated is still in flight', () => {
    expect(sessionsToSend(claimed, new Set(['b']), 10).map((s) => s.sessionId)).toEqual(['a', 'c', 'd']);
  });

  it('never has more than the maximum in flight', () => {
    expect(sessionsToSend(claimed, new Set(['x', 'y']), 4).map((s) => s.sessionId)).toEqual(['a', 'b']);
    expect(sessionsToSend(claimed, new Set(['w', 'x', 'y', 'z']), 4)).toEqual([]);
  });
});
