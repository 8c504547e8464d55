import { EnergyInputError } from './energy-input-error';
import { gridPhasesOf, type PhaseRotation } from './phase-rotation';

describe('gridPhasesOf: a station phase rotation maps its phases onto the grid (R = L1, S = L2, T = L3)', () => {
  it.each<[PhaseRotation | null, number[], number[], number[]]>([
    [null, [0], [0, 1], [0, 1, 2]],
    ['RST', [0], [0, 1], [0, 1, 2]],
    ['RTS', [0], [0, 2], [0, 2, 1]],
    ['SRT', [1], [1, 0], [1, 0, 2]],
    ['STR', [1], [1, 2], [1, 2, 0]],
    ['TRS', [2], [2, 0], [2, 0, 1]],
    ['TSR', [2], [2, 1], [2, 1, 0]],
  ])('%s: 1-phase %j, 2-phase %j, 3-phase %j', (rotation, one, two, three) => {
    expect(gridPhasesOf(rotation, 1)).toEqual(one);
    expect(gridPhasesOf(rotation, 2)).toEqual(two);
    expect(gridPhasesOf(rotation, 3)).toEqual(three);
  });

  it('refuses an unknown rotation or phase count', () => {
    expect(() => gridPhasesOf('RSS' as PhaseRotation, 1)).toThrow(EnergyInputError);
    expect(() => gridPhasesOf('RST', 4 as 3)).toThrow('vehiclePhases must be 1, 2 or 3, got 4');
  });
});
