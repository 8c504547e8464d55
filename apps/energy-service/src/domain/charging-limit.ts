/**
 * A station's local controller reports a limit (NotifyChargingLimit, K12): read into an external
 * limit of the station's node. Pure.
 */

export interface StationLimit {
  /** Per phase, A (the same on every phase: a station limit does not name the grid phase it is on). */
  limitA?: number;
  /** Over all phases, kW. */
  limitKw?: number;
  /** Epoch ms. */
  validFrom?: number;
  validTo?: number;
}

interface Schedule {
  startSchedule?: unknown;
  duration?: unknown;
  chargingRateUnit?: unknown;
  chargingSchedulePeriod?: unknown;
}

/**
 * The most restrictive limit of the reported schedules: the lowest period limit (a limit that
 * lowers later is in force from now, the safe reading), in A or kW as the schedule says; its
 * validity from the schedule's start for its duration. Undefined when no schedule has a limit
 * (the report only names the source: nothing to count).
 */
export function stationLimitOf(schedules: readonly unknown[] | undefined): StationLimit | undefined {
  let limitA: number | undefined;
  let limitKw: number | undefined;
  let validFrom: number | undefined;
  let validTo: number | undefined;
  for (const raw of schedules ?? []) {
    const schedule = raw as Schedule;
    const periods = Array.isArray(schedule.chargingSchedulePeriod) ? (schedule.chargingSchedulePeriod as { limit?: unknown }[]) : [];
    const limits = periods.map((p) => p.limit).filter((l): l is number => typeof l === 'number' && Number.isFinite(l) && l >= 0);
    if (limits.length === 0) continue;
    const lowest = Math.min(...limits);
    if (schedule.chargingRateUnit === 'W') limitKw = Math.min(limitKw ?? Infinity, lowest / 1000);
    else limitA = Math.min(limitA ?? Infinity, lowest);
    const start = typeof schedule.startSchedule === 'string' ? Date.parse(schedule.startSchedule) : NaN;
    if (!Number.isNaN(start)) {
      validFrom = validFrom === undefined ? start : Math.min(validFrom, start);
      if (typeof schedule.duration === 'number' && schedule.duration > 0)
        validTo = Math.max(validTo ?? 0, start + schedule.duration * 1000);
    }
  }
  if (limitA === undefined && limitKw === undefined) return undefined;
  return {
    ...(limitA !== undefined ? { limitA: Math.floor(limitA * 10) / 10 } : {}),
    ...(limitKw !== undefined ? { limitKw: Math.floor(limitKw * 100) / 100 } : {}),
    ...(validFrom !== undefined ? { validFrom } : {}),
    ...(validTo !== undefined && (validFrom === undefined || validTo > validFrom) ? { validTo } : {}),
  };
}
