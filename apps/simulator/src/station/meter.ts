/**
 * The pure power and energy model of one connector and the vehicle plugged into it. No clocks,
 * no I/O: callers pass elapsed seconds and the active power limit. Energy is in Wh, power in W,
 * state of charge in percent; the single unit conversion (W × s → Wh) lives in `advance`.
 */

export interface VehicleProfile {
  /** Usable battery capacity in Wh. */
  batteryWh: number;
  /** Most power the vehicle (and connector) draws, in W: the constant-current phase. */
  maxPowerW: number;
  /** SoC (percent) at which the constant-current phase ends and the taper begins. */
  taperFromSoc: number;
  /** Power at 100 % SoC as a fraction of maxPowerW (the end of the taper). */
  minTaperFraction: number;
}

export interface MeterState {
  /** Energy.Active.Import.Register: cumulative, never decreases, survives sessions. */
  energyWh: number;
  /** Battery state of charge, 0–100. */
  soc: number;
  /** Power drawn over the last advanced interval, W. */
  powerW: number;
}

/** Phase voltage used for A ↔ W conversion of charging limits. */
export const PHASE_VOLTAGE = 230;
/** Integration step: the curve is sampled at most every this many seconds. */
const STEP_S = 5;

/** Power the vehicle would draw at `soc` (percent) without an external limit. */
export function vehiclePowerW(vehicle: VehicleProfile, soc: number): number {
  if (soc >= 100) return 0;
  if (soc < vehicle.taperFromSoc) return vehicle.maxPowerW;
  const span = 100 - vehicle.taperFromSoc;
  const fraction = span <= 0 ? vehicle.minTaperFraction : (100 - soc) / span;
  return vehicle.maxPowerW * Math.max(vehicle.minTaperFraction, Math.min(1, fraction));
}

/** Power drawn at `soc` under `limitW` (Infinity when no charging profile applies). */
export function chargePowerW(vehicle: VehicleProfile, soc: number, limitW: number): number {
  return Math.max(0, Math.min(vehiclePowerW(vehicle, soc), limitW));
}

/** The meter after `seconds` of charging under `limitW`; `state` is not modified. */
export function advance(state: MeterState, vehicle: VehicleProfile, seconds: number, limitW: number): MeterState {
  let { energyWh, soc } = state;
  let remaining = Math.max(0, seconds);
  let lastPower = chargePowerW(vehicle, soc, limitW);
  while (remaining > 0) {
    const dt = Math.min(STEP_S, remaining);
    lastPower = chargePowerW(vehicle, soc, limitW);
    const wh = (lastPower * dt) / 3600;
    energyWh += wh;
    soc = Math.min(100, soc + (wh / vehicle.batteryWh) * 100);
    remaining -= dt;
  }
  return { energyWh, soc, powerW: seconds > 0 ? lastPower : chargePowerW(vehicle, soc, limitW) };
}

/** A meter at rest (no vehicle drawing power): energy kept, power 0. */
export function idle(state: MeterState): MeterState {
  return { ...state, powerW: 0 };
}

/** Amperes → watts for `phases` phases at PHASE_VOLTAGE. */
export function ampsToWatts(amps: number, phases: number): number {
  return amps * PHASE_VOLTAGE * phases;
}

/** Current per phase for `powerW` over `phases` phases. */
export function currentPerPhase(powerW: number, phases: number): number {
  return powerW / (PHASE_VOLTAGE * phases);
}

/** The register as reported: whole Wh, rounded down so it never runs ahead of the model. */
export function registerWh(state: MeterState): number {
  return Math.floor(state.energyWh);
}
