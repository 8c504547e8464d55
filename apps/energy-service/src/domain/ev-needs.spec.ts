import { directSchedule, UNRATED_MAX_A } from './ev-needs';

const now = Date.parse('2024-01-15T10:00:00.000Z');

describe('directSchedule (a station in no site)', () => {
  it('AC: the EV maximum on the phases of its transfer mode', () => {
    expect(
      directSchedule(
        {
          requestedEnergyTransfer: 'AC_single_phase',
          acChargingParameters: { energyAmount: 5000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 230 },
        },
        now,
        230,
      ),
    ).toEqual({ limitA: 16, phases: 1, dc: false });
  });

  it('until the departure time', () => {
    expect(
      directSchedule(
        {
          requestedEnergyTransfer: 'AC_three_phase',
          departureTime: '2024-01-15T12:00:00.000Z',
          acChargingParameters: { energyAmount: 50_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 230 },
        },
        now,
        230,
      ),
    ).toEqual({ limitA: 32, phases: 3, dc: false, startSchedule: '2024-01-15T10:00:00.000Z', durationS: 7200 });
  });

  it('DC: the EV maximum power in W', () => {
    expect(
      directSchedule(
        { requestedEnergyTransfer: 'DC', dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 400, evMaxPower: 75_000 } },
        now,
        230,
      ),
    ).toMatchObject({
      dc: true,
      limitW: 75_000,
      phases: 3,
    });
  });

  it('no EV maximum: the unrated default on three phases', () => {
    expect(directSchedule({ requestedEnergyTransfer: 'AC_three_phase' }, now, 230)).toEqual({
      limitA: UNRATED_MAX_A,
      phases: 3,
      dc: false,
    });
  });
});
