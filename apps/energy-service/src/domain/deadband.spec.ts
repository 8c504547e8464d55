import { mustSend, type SentLimit } from './deadband';

const sent: SentLimit = { sessionId: 's1', limitA: 16, phases: 3, status: 'Accepted', sentAt: 0 };
const at = 10_000;

describe('mustSend (deadband)', () => {
  it.each([
    ['nothing sent yet', null, { sessionId: 's1', limitA: 16, phases: 3 }, true],
    ['the same limit', sent, { sessionId: 's1', limitA: 16, phases: 3 }, false],
    ['higher within the deadband', sent, { sessionId: 's1', limitA: 16.5, phases: 3 }, false],
    ['higher beyond the deadband', sent, { sessionId: 's1', limitA: 16.6, phases: 3 }, true],
    ['any lower limit', sent, { sessionId: 's1', limitA: 15.9, phases: 3 }, true],
    ['paused', sent, { sessionId: 's1', limitA: 0, phases: 3 }, true],
    ['other phases', sent, { sessionId: 's1', limitA: 16, phases: 1 }, true],
    ['another session on the EVSE', sent, { sessionId: 's2', limitA: 16, phases: 3 }, true],
    ['the last send failed', { ...sent, status: 'Failed' as const }, { sessionId: 's1', limitA: 16, phases: 3 }, true],
    ['a send still under way', { ...sent, status: 'Sent' as const, sentAt: at - 1000 }, { sessionId: 's1', limitA: 16, phases: 3 }, false],
    [
      'a send that never got its answer',
      { ...sent, status: 'Sent' as const, sentAt: at - 60_000 },
      { sessionId: 's1', limitA: 16, phases: 3 },
      true,
    ],
  ])('%s → %s', (_name, previous, wanted, expected) => {
    expect(mustSend(previous, wanted, 0.5, at, 30_000)).toBe(expected);
  });

  it('a paused session that stays paused is not sent again', () => {
    expect(mustSend({ ...sent, limitA: 0 }, { sessionId: 's1', limitA: 0, phases: 3 }, 0.5, at, 30_000)).toBe(false);
  });
});
