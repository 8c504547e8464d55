import type { v201, v21 } from '@voltlane/ocpp';
import { scheduleWithin, type EvSchedule } from './schedule-within';

const schedule = (unit: 'A' | 'W', limits: (number | [number, number, number])[]): v201.ChargingScheduleType => ({
  id: 1,
  chargingRateUnit: unit,
  chargingSchedulePeriod: limits.map((l, i) => ({ startPeriod: i * 900, limit: Array.isArray(l) ? l[0] : l })),
});

describe('scheduleWithin: does an EV’s charging schedule stay within its allocation?', () => {
  it.each<[string, EvSchedule, boolean, number | undefined]>([
    ['A periods at or under the limit', schedule('A', [16, 10, 0]), true, undefined],
    ['an A period above it', schedule('A', [16, 20, 10]), false, 1],
    ['within the rounding tolerance', schedule('A', [16.04]), true, undefined],
    ['W periods under limit × V × phases (16 A × 230 V × 3 = 11 040 W)', schedule('W', [11_000, 7_000]), true, undefined],
    ['a W period above it', schedule('W', [7_000, 11_100]), false, 1],
  ])('%s', (_, s, within, periodIndex) => {
    const check = scheduleWithin(s, { limitA: 16, phases: 3 }, 230);
    expect(check.within).toBe(within);
    expect(check.periodIndex).toBe(periodIndex);
  });

  it('checks 2.1 per-phase limits and skips periods without a limit', () => {
    const s: v21.ChargingScheduleType = {
      id: 2,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0 }, { startPeriod: 600, limit: 10, limit_L2: 10, limit_L3: 18 }],
    };
    expect(scheduleWithin(s, { limitA: 16, phases: 3 }, 230)).toEqual({
      within: false,
      periodIndex: 1,
      reason: 'period 1 (startPeriod 600 s) asks 18 A, above the allocated 16 A',
    });
  });

  it('a paused allocation (0 A) admits only zero periods', () => {
    expect(scheduleWithin(schedule('A', [0]), { limitA: 0, phases: 1 }, 230).within).toBe(true);
    expect(scheduleWithin(schedule('W', [500]), { limitA: 0, phases: 1 }, 230)).toMatchObject({
      within: false,
      reason: 'period 0 (startPeriod 0 s) asks 500 W, above the allocated 0 W (0 A × 1 phases)',
    });
  });
});
