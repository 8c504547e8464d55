/**
 * The pure power and energy model of one connector and the vehicle plugged into it. No clocks,
 * no I/O: callers pass elapsed seconds and the active charging limit. Energy is in Wh, power in W,
 * current in A per phase, state of charge in percent; the single unit conversion (W × s → Wh)
 * lives in `advance`.
 */

/** Phases a vehicle's on-board charger uses: 1 (wired to the station's L1) or 3. */
export type Phases = 1 | 3;

/** Current per phase, A: [L1, L2, L3]. */
export type PhaseCurrents = readonly [number, number, number];

export interface VehicleProfile {
  /** Usable battery capacity in Wh. */
  batteryWh: number;
  /** Most power the vehicle (and connector) draws, in W: the constant-current phase. Equals maxCurrentA × PHASE_VOLTAGE × phases. */
  maxPowerW: number;
  /** Phases the vehicle charges on (a 1-phase vehicle draws on L1). */
  phases: Phases;
  /** Most current the vehicle draws on each of its phases, A. */
  maxCurrentA: number;
  /** SoC (percent) at which the constant-current phase ends and the taper begins. */
  taperFromSoc: number;
  /** Power at 100 % SoC as a fraction of maxPowerW (the end of the taper). */
  minTaperFraction: number;
}

/**
 * The limit the station's charging profiles impose on a connector at one moment: a current per
 * phase (profiles in A), a power (profiles in W) and the most phases it may use (numberPhases).
 * Absent fields do not limit.
 */
export interface ChargeLimit {
  currentA?: number;
  powerW?: number;
  numberPhases?: number;
}

export interface MeterState {
  /** Energy.Active.Import.Register: cumulative, never decreases, survives sessions. */
  energyWh: number;
  /** Battery state of charge, 0–100. */
  soc: number;
  /** Power drawn at the end of the last advanced interval, W. */
  powerW: number;
  /** Current drawn on each phase at the end of the last advanced interval, A. */
  currentA: PhaseCurrents;
}

/** Phase voltage used for A ↔ W conversion of charging limits. */
export const PHASE_VOLTAGE = 230;
/** Integration step: the curve is sampled at most every this many seconds. */
const STEP_S = 5;
const NO_CURRENT: PhaseCurrents = [0, 0, 0];

/** Power the vehicle would draw at `soc` (percent) without an external limit. */
export function vehiclePowerW(vehicle: VehicleProfile, soc: number): number {
  if (soc >= 100) return 0;
  if (soc < vehicle.taperFromSoc) return vehicle.maxPowerW;
  const span = 100 - vehicle.taperFromSoc;
  const fraction = span <= 0 ? vehicle.minTaperFraction : (100 - soc) / span;
  return vehicle.maxPowerW * Math.max(vehicle.minTaperFraction, Math.min(1, fraction));
}

/** Phases the vehicle draws on under `limit`: its own, or fewer when the period's numberPhases says so. */
export function phasesInUse(vehicle: Pick<VehicleProfile, 'phases'>, limit: ChargeLimit): number {
  const allowed = limit.numberPhases ?? vehicle.phases;
  return Math.max(1, Math.min(vehicle.phases, allowed));
}

/**
 * Most power the vehicle may draw under `limit`: min(current limit, its own maximum) on each phase
 * it may use, and at most the power limit. A 1-phase vehicle under 16 A draws 16 A on L1 (3.68 kW).
 */
export function powerCapW(vehicle: Pick<VehicleProfile, 'phases' | 'maxCurrentA'>, limit: ChargeLimit): number {
  const amps = Math.min(limit.currentA ?? Infinity, vehicle.maxCurrentA);
  const watts = Math.min(ampsToWatts(amps, phasesInUse(vehicle, limit)), limit.powerW ?? Infinity);
  return Math.max(0, watts);
}

/** Power drawn at `soc` under `limit` (an empty limit when no charging profile applies). */
export function chargePowerW(vehicle: VehicleProfile, soc: number, limit: ChargeLimit): number {
  return Math.max(0, Math.min(vehiclePowerW(vehicle, soc), powerCapW(vehicle, limit)));
}

/** The current on L1, L2, L3 when `powerW` is drawn over the first `phases` phases. */
export function phaseCurrents(powerW: number, phases: number): PhaseCurrents {
  if (powerW <= 0) return NO_CURRENT;
  const amps = currentPerPhase(powerW, phases);
  return [amps, phases >= 2 ? amps : 0, phases >= 3 ? amps : 0];
}

/** The meter after `seconds` of charging under `limit`; `state` is not modified. */
export function advance(state: MeterState, vehicle: VehicleProfile, seconds: number, limit: ChargeLimit): MeterState {
  let { energyWh, soc } = state;
  let remaining = Math.max(0, seconds);
  let lastPower = chargePowerW(vehicle, soc, limit);
  while (remaining > 0) {
    const dt = Math.min(STEP_S, remaining);
    lastPower = chargePowerW(vehicle, soc, limit);
    const wh = (lastPower * dt) / 3600;
    energyWh += wh;
    soc = Math.min(100, soc + (wh / vehicle.batteryWh) * 100);
    remaining -= dt;
  }
  const powerW = seconds > 0 ? lastPower : chargePowerW(vehicle, soc, limit);
  return { energyWh, soc, powerW, currentA: phaseCurrents(powerW, phasesInUse(vehicle, limit)) };
}

/** A meter at rest (no vehicle drawing power): energy kept, power and current 0. */
export function idle(state: MeterState): MeterState {
  return { ...state, powerW: 0, currentA: NO_CURRENT };
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
