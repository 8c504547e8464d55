import { EnergyInputError, EnergyInputErrorCode } from './energy-input-error';
import type { GridPhase } from './model';

/** OCPP's phase rotation of a station: position i names the grid phase (R = L1, S = L2, T = L3) of the station's phase i. */
export const PHASE_ROTATIONS = ['RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR'] as const;
export type PhaseRotation = (typeof PHASE_ROTATIONS)[number];

const GRID: Record<string, GridPhase> = { R: 0, S: 1, T: 2 };

/**
 * The grid phases a vehicle draws on at a station: the station's first `vehiclePhases` phases
 * (a 1-phase vehicle draws on the station's L1) mapped through its rotation (null = RST), in the
 * station's phase order (so index i is the grid phase of the station's L(i+1)).
 */
export function gridPhasesOf(rotation: PhaseRotation | null, vehiclePhases: 1 | 2 | 3): GridPhase[] {
  const r = rotation ?? 'RST';
  if (!(PHASE_ROTATIONS as readonly string[]).includes(r))
    throw new EnergyInputError(
      EnergyInputErrorCode.InvalidSettings,
      'rotation',
      `rotation must be one of ${PHASE_ROTATIONS.join(', ')}, got ${String(r)}`,
    );
  if (vehiclePhases !== 1 && vehiclePhases !== 2 && vehiclePhases !== 3)
    throw new EnergyInputError(
      EnergyInputErrorCode.InvalidSettings,
      'vehiclePhases',
      `vehiclePhases must be 1, 2 or 3, got ${String(vehiclePhases)}`,
    );
  return [...r.slice(0, vehiclePhases)].map((letter) => GRID[letter]);
}
