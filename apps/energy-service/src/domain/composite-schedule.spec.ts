import { ocppValidator } from '@voltlane/ocpp';
import { compositeExceeds, compositeMaxA, compositeScheduleRequest } from './composite-schedule';

describe('GetCompositeSchedule check', () => {
  it.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)('%s request fits the schema', (version) => {
    const check = ocppValidator.validateRequest(version, 'GetCompositeSchedule', compositeScheduleRequest(version, 1));
    expect(check.ok ? 'valid' : check.message).toBe('valid');
  });

  it('reads the highest limit of a 1.6 and a 2.x answer, W converted to A per phase', () => {
    expect(
      compositeMaxA(
        'ocpp1.6',
        {
          status: 'Accepted',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 10 },
              { startPeriod: 60, limit: 16 },
            ],
          },
        },
        230,
      ),
    ).toBe(16);
    expect(
      compositeMaxA(
        'ocpp2.0.1',
        {
          status: 'Accepted',
          schedule: {
            evseId: 1,
            duration: 300,
            scheduleStart: 'x',
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 6900, numberPhases: 1 }],
          },
        },
        230,
      ),
    ).toBe(30);
    expect(compositeMaxA('ocpp2.0.1', { status: 'Rejected' }, 230)).toBeUndefined();
  });

  it('a composite above what was sent (beyond rounding) is a station that does not obey', () => {
    expect(compositeExceeds(16.1, 16)).toBe(false);
    expect(compositeExceeds(16.2, 16)).toBe(true);
    expect(compositeExceeds(undefined, 16)).toBe(false);
  });
});
