import { PHASE_VOLTAGE, type Phases, type VehicleProfile } from './meter';
import type { StationOptions } from './station-options';

/** What a test (or a caller starting a session) may fix about a vehicle; the rest comes from the station options. */
export interface VehicleSpec {
  phases?: Phases;
  /** Most current per phase, A. */
  maxCurrentA?: number;
  batteryWh?: number;
}

type VehicleOptions = Pick<StationOptions, 'maxPowerW' | 'batteryWh' | 'maxCurrentA' | 'onePhaseShare' | 'connectorPhases'>;

const TAPER_FROM_SOC = 80;
const MIN_TAPER_FRACTION = 0.1;

/**
 * The phases of the next vehicle on `connectorId`: the connector's entry in `connectorPhases`, else
 * 1-phase with probability `onePhaseShare`, else 3-phase. Draws a random number only for the share.
 */
export function choosePhases(options: VehicleOptions, connectorId: number, random: () => number): Phases {
  const fixed = options.connectorPhases?.[connectorId - 1];
  if (fixed !== undefined) return fixed;
  const share = options.onePhaseShare ?? 0;
  return share > 0 && random() < share ? 1 : 3;
}

/**
 * A vehicle with `phases` phases. Its current per phase is `maxCurrentA` (the spec's, else the
 * station's, else the station's maxPowerW over three phases at 230 V), so a 1-phase vehicle on a
 * 22 kW station draws 32 A on L1 (7.3 kW); maxPowerW = maxCurrentA × 230 V × phases.
 */
export function vehicleProfile(options: VehicleOptions, spec: VehicleSpec & { phases: Phases }): VehicleProfile {
  const { phases } = spec;
  const givenA = spec.maxCurrentA ?? options.maxCurrentA;
  const maxCurrentA = givenA ?? options.maxPowerW / (PHASE_VOLTAGE * 3);
  return {
    batteryWh: spec.batteryWh ?? options.batteryWh,
    // Without a current maximum a 3-phase vehicle keeps exactly the station's maxPowerW.
    maxPowerW: givenA === undefined ? (options.maxPowerW * phases) / 3 : maxCurrentA * PHASE_VOLTAGE * phases,
    phases,
    maxCurrentA,
    taperFromSoc: TAPER_FROM_SOC,
    minTaperFraction: MIN_TAPER_FRACTION,
  };
}

/** Checks the vehicle options of a station; throws naming the bad option. */
export function checkVehicleOptions(options: VehicleOptions): void {
  const share = options.onePhaseShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new Error(`onePhaseShare: must be between 0 and 1, got ${share}`);
  const bad = options.connectorPhases?.find((p) => p !== 1 && p !== 3);
  if (bad !== undefined) throw new Error(`connectorPhases: each entry must be 1 or 3, got ${String(bad)}`);
  const amps = options.maxCurrentA;
  if (amps !== undefined && !(amps > 0)) throw new Error(`maxCurrentA: must be above 0, got ${amps}`);
}
