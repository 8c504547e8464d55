import { nextDemand, type HoldOffInput } from './hold-off';

const MIN = 60_000;
const at = (overrides: Partial<HoldOffInput>): HoldOffInput => ({
  limitA: 32,
  measuredA: 32,
  underUseSince: undefined,
  now: 10 * MIN,
  holdOffMs: MIN,
  headroomA: 2,
  maxA: 32,
  ...overrides,
});

describe('nextDemand: capacity a session does not use goes to others after a hold-off, and comes back when it draws', () => {
  it.each<[string, Partial<HoldOffInput>, { demandA: number; underUseSince: number | undefined }]>([
    ['draws its limit: demand maxA', { measuredA: 31.5 }, { demandA: 32, underUseSince: undefined }],
    ['draws exactly limit − headroom: not under-use', { measuredA: 30 }, { demandA: 32, underUseSince: undefined }],
    ['starts to under-use: the hold-off starts now, demand stays maxA', { measuredA: 10 }, { demandA: 32, underUseSince: 10 * MIN }],
    ['under-uses within the hold-off', { measuredA: 10, underUseSince: 9.5 * MIN }, { demandA: 32, underUseSince: 9.5 * MIN }],
    [
      'under-used for the hold-off: demand = measured + headroom',
      { measuredA: 10, underUseSince: 9 * MIN },
      { demandA: 12, underUseSince: 9 * MIN },
    ],
    ['no hold-off configured: gives away at once', { measuredA: 10, holdOffMs: 0 }, { demandA: 12, underUseSince: 10 * MIN }],
    ['never above maxA', { measuredA: 10, limitA: 40, maxA: 11, underUseSince: 0 }, { demandA: 11, underUseSince: 0 }],
    [
      'back near its limit before the hold-off ends: under-use cleared',
      { measuredA: 30.5, underUseSince: 9.5 * MIN },
      { demandA: 32, underUseSince: undefined },
    ],
    [
      'lowered to 12 A and drawing a steady 10 A: stays lowered',
      { limitA: 12, measuredA: 10, underUseSince: 0 },
      { demandA: 12, underUseSince: 0 },
    ],
    [
      'lowered and drawing into its headroom (≥ limit − headroom / 2): reclaims maxA',
      { limitA: 12, measuredA: 11, underUseSince: 0 },
      { demandA: 32, underUseSince: undefined },
    ],
    ['paused (limit 0): demand maxA', { limitA: 0, measuredA: 0, underUseSince: 0 }, { demandA: 32, underUseSince: undefined }],
    ['nothing allocated yet', { limitA: undefined, measuredA: 0 }, { demandA: 32, underUseSince: undefined }],
    ['nothing measured yet', { measuredA: undefined, underUseSince: 0 }, { demandA: 32, underUseSince: undefined }],
  ])('%s', (_, overrides, expected) => {
    expect(nextDemand(at(overrides))).toEqual(expected);
  });
});
