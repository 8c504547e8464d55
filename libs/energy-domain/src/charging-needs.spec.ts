import type { v201, v21 } from '@voltlane/ocpp';
import { requiredCurrentA, type EvChargingNeeds } from './charging-needs';

const NOW = Date.parse('2025-06-01T10:00:00Z');
const inHours = (h: number): string => new Date(NOW + h * 3_600_000).toISOString();
const V = 230;

function acNeeds(mode: v201.EnergyTransferModeEnumType, energyAmount: number, departureTime?: string): v201.ChargingNeedsType {
  return {
    requestedEnergyTransfer: mode,
    acChargingParameters: { energyAmount, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
    ...(departureTime ? { departureTime } : {}),
  };
}

describe('requiredCurrentA: the current an EV’s ISO 15118 needs require by its departure', () => {
  it.each<[string, EvChargingNeeds, Partial<{ deliveredWh: number }>, object]>([
    [
      'AC three-phase: 11 040 Wh in 4 h at 230 V',
      acNeeds('AC_three_phase', 11_040, inHours(4)),
      {},
      { requiredA: 4, minA: 6, maxA: 32, phases: 3 },
    ],
    [
      'AC single-phase: 7 360 Wh in 2 h',
      acNeeds('AC_single_phase', 7_360, inHours(2)),
      {},
      { requiredA: 16, minA: 6, maxA: 32, phases: 1 },
    ],
    ['AC two-phase: 7 360 Wh in 2 h', acNeeds('AC_two_phase', 7_360, inHours(2)), {}, { requiredA: 8, minA: 6, maxA: 32, phases: 2 }],
    ['capped at the EV maximum', acNeeds('AC_single_phase', 22_080, inHours(1)), {}, { requiredA: 32, minA: 6, maxA: 32, phases: 1 }],
    [
      'energy delivered since is subtracted',
      acNeeds('AC_single_phase', 7_360, inHours(2)),
      { deliveredWh: 3_680 },
      { requiredA: 8, minA: 6, maxA: 32, phases: 1 },
    ],
    [
      'nothing left to deliver',
      acNeeds('AC_single_phase', 7_360, inHours(2)),
      { deliveredWh: 8_000 },
      { requiredA: 0, minA: 6, maxA: 32, phases: 1 },
    ],
    [
      'departure passed: all it can take',
      acNeeds('AC_three_phase', 5_000, inHours(-1)),
      {},
      { requiredA: 32, minA: 6, maxA: 32, phases: 3 },
    ],
    [
      'rounded up to 0.1 A: 1 000 Wh in 1 h on three phases = 1.45 A',
      acNeeds('AC_three_phase', 1_000, inHours(1)),
      {},
      { requiredA: 1.5, minA: 6, maxA: 32, phases: 3 },
    ],
    ['no departure time: no requiredA', acNeeds('AC_three_phase', 1_000), {}, { minA: 6, maxA: 32, phases: 3 }],
  ])('%s', (_, needs, options, expected) => {
    expect(requiredCurrentA(needs, NOW, V, options)).toEqual(expected);
  });

  it('DC: grid-side current per phase from the energy and evMaxPower (three phases)', () => {
    const needs: v201.ChargingNeedsType = {
      requestedEnergyTransfer: 'DC',
      departureTime: inHours(2),
      dcChargingParameters: { evMaxCurrent: 125, evMaxVoltage: 400, evMaxPower: 50_000, energyAmount: 30_000 },
    };
    const out = requiredCurrentA(needs, NOW, V);
    expect(out).toEqual({ phases: 3, maxA: 50_000 / 690, requiredA: 21.8 });
  });

  it('DC: energy from the state of charge when no amount is given; maximum from current × voltage without evMaxPower', () => {
    const needs: EvChargingNeeds = {
      requestedEnergyTransfer: 'DC',
      departureTime: inHours(4),
      dcChargingParameters: { evMaxCurrent: 100, evMaxVoltage: 400, evEnergyCapacity: 60_000, stateOfCharge: 40, fullSoC: 80 },
    };
    // 24 000 Wh in 4 h = 6 000 W = 8.69 A per phase
    expect(requiredCurrentA(needs, NOW, V)).toEqual({ phases: 3, maxA: 40_000 / 690, requiredA: 8.7 });
  });

  it('OCPP 2.1 V2X parameters (AC_BPT): phases from the caller, limits from power', () => {
    const needs: v21.ChargingNeedsType = {
      requestedEnergyTransfer: 'AC_BPT',
      departureTime: inHours(2),
      v2xChargingParameters: { maxChargePower: 11_000, minChargePower: 4_140, evTargetEnergyRequest: 11_000 },
    };
    // 11 000 Wh in 2 h = 5 500 W: 7.97 A on three phases, 23.91 A on one.
    expect(requiredCurrentA(needs, NOW, V, { phases: 3 })).toEqual({ minA: 6, maxA: 11_000 / 690, requiredA: 8 });
    expect(requiredCurrentA(needs, NOW, V, { phases: 1 })).toEqual({ minA: 18, maxA: 11_000 / 230, requiredA: 24 });
  });

  it('an unreadable departure time gives no requiredA', () => {
    expect(requiredCurrentA(acNeeds('AC_three_phase', 1_000, 'soon'), NOW, V)).toEqual({ minA: 6, maxA: 32, phases: 3 });
  });
});
