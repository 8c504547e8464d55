/** What the service installs: one TxProfile per running session, one fail-safe TxDefaultProfile per station. */
export type ProfilePurpose = 'TxProfile' | 'TxDefaultProfile';

/** The id of the fail-safe TxDefaultProfile (EVSE 0 / connector 0); a TxProfile's is this + its EVSE id. */
export const FAIL_SAFE_PROFILE_ID = 900_000;

export function profileIdOf(purpose: ProfilePurpose, evseId: number): number {
  return purpose === 'TxDefaultProfile' ? FAIL_SAFE_PROFILE_ID : FAIL_SAFE_PROFILE_ID + evseId;
}

/** One limit to install at a station, in the service's terms. */
export interface ProfileTarget {
  purpose: ProfilePurpose;
  /** 2.x EVSE id, 1.6 connector id; 0 for the fail-safe default. */
  evseId: number;
  /** TxProfile: 1.6 the integer transaction id as text, 2.x the station's transactionId. */
  transactionRef?: string;
  /** Per phase, A; 0 = paused. */
  limitA: number;
  /** The phases the limit applies to (AC), 1–3. */
  phases: number;
  /** DC: the limit is sent as power over three phases, W. */
  dc?: boolean;
  /** DC: the power to send as is, W (instead of limitA × voltage × 3). */
  limitW?: number;
  /** Phase-to-neutral voltage for A → W (DC), V. */
  voltageV: number;
  stackLevel: number;
  /** With `durationS`: an Absolute schedule from this instant (an EV's needs up to its departure). Without: Relative, for the whole transaction. */
  startSchedule?: string;
  durationS?: number;
}

/** The one schedule period a profile carries, in the unit it is sent in. */
export interface SchedulePeriod {
  chargingRateUnit: 'A' | 'W';
  limit: number;
  numberPhases?: number;
}

/** The limit as sent: A per phase rounded down to 0.1 A; DC as W over three phases, rounded down. */
export function schedulePeriodOf(target: Pick<ProfileTarget, 'limitA' | 'phases' | 'dc' | 'limitW' | 'voltageV'>): SchedulePeriod {
  const limitA = roundDown(Math.max(0, target.limitA), 1);
  if (target.dc) return { chargingRateUnit: 'W', limit: Math.floor(Math.max(0, target.limitW ?? limitA * target.voltageV * 3)) };
  return { chargingRateUnit: 'A', limit: limitA, numberPhases: Math.min(3, Math.max(1, Math.round(target.phases))) };
}

/** Rounds down to `decimals` places, robust to binary fractions (6.3 stays 6.3). */
export function roundDown(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.floor(value * factor + 1e-9) / factor;
}

/** The profile's kind and schedule timing: Absolute when it has a start and a duration, Relative otherwise. */
export function timingOf(target: Pick<ProfileTarget, 'startSchedule' | 'durationS'>): {
  kind: 'Absolute' | 'Relative';
  startSchedule?: string;
  duration?: number;
} {
  if (target.startSchedule !== undefined && target.durationS !== undefined && target.durationS > 0)
    return { kind: 'Absolute', startSchedule: target.startSchedule, duration: Math.ceil(target.durationS) };
  return { kind: 'Relative' };
}
