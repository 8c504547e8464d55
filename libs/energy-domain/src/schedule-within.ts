/** An EV's charging schedule (NotifyEVChargingSchedule `chargingSchedule`, 2.0.1 and 2.1). */
export interface EvSchedule {
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: readonly { startPeriod: number; limit?: number; limit_L2?: number; limit_L3?: number }[];
}

export interface ScheduleCheck {
  within: boolean;
  /** Index of the first period above the allocation (when not within). */
  periodIndex?: number;
  reason: string;
}

/**
 * Whether an EV's schedule stays within the session's allocation (limitA per phase on `phases`
 * phases), with `toleranceA` per phase for rounding: an A period's highest per-phase limit
 * (limit, limit_L2, limit_L3) ≤ limitA; a W period's limit ≤ limitA × V × phases. A period
 * without a limit (2.1 setpoint modes) is not checked.
 */
export function scheduleWithin(
  schedule: EvSchedule,
  allocation: { limitA: number; phases: number },
  voltageV: number,
  toleranceA = 0.05,
): ScheduleCheck {
  const allowedW = allocation.limitA * voltageV * allocation.phases;
  for (const [i, period] of schedule.chargingSchedulePeriod.entries()) {
    const values = [period.limit, period.limit_L2, period.limit_L3].filter((v): v is number => v !== undefined);
    if (!values.length) continue;
    const highest = Math.max(...values);
    const over =
      schedule.chargingRateUnit === 'A'
        ? highest > allocation.limitA + toleranceA
        : highest > allowedW + toleranceA * voltageV * allocation.phases;
    if (over)
      return {
        within: false,
        periodIndex: i,
        reason: `period ${i} (startPeriod ${period.startPeriod} s) asks ${highest} ${schedule.chargingRateUnit}, above the allocated ${
          schedule.chargingRateUnit === 'A'
            ? `${allocation.limitA} A`
            : `${Math.round(allowedW)} W (${allocation.limitA} A × ${allocation.phases} phases)`
        }`,
      };
  }
  return { within: true, reason: `every period is within the allocated ${allocation.limitA} A × ${allocation.phases} phases` };
}
