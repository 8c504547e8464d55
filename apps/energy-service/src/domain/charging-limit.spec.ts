import { stationLimitOf } from './charging-limit';

describe('stationLimitOf (NotifyChargingLimit)', () => {
  it('takes the lowest period of A schedules and the validity of the schedule', () => {
    expect(
      stationLimitOf([
        {
          id: 1,
          startSchedule: '2024-01-15T10:00:00.000Z',
          duration: 600,
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 20 },
            { startPeriod: 300, limit: 12.37 },
          ],
        },
      ]),
    ).toEqual({ limitA: 12.3, validFrom: Date.parse('2024-01-15T10:00:00.000Z'), validTo: Date.parse('2024-01-15T10:10:00.000Z') });
  });

  it('a W schedule is a power limit in kW', () => {
    expect(stationLimitOf([{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] }])).toEqual({
      limitKw: 11,
    });
  });

  it('no schedule, or none with a limit: nothing to count', () => {
    expect(stationLimitOf(undefined)).toBeUndefined();
    expect(stationLimitOf([{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [] }])).toBeUndefined();
  });
});
