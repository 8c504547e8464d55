import type { DecimalInput } from '../money/decimal';

/** A span of time within a session; `to: null` = still open (running cost: ends at `now`). */
export interface UsageInterval {
  from: Date;
  to: Date | null;
  /** Energy delivered within this interval, Wh; when every charging interval has it, it is used as is. */
  energyWh?: DecimalInput;
}

/** What a session used, as the cost calculation needs it. */
export interface SessionUsage {
  startedAt: Date;
  /** null = ongoing: costs run up to `now`. */
  endedAt: Date | null;
  /** Energy delivered (register at stop − register at start), Wh, never negative. */
  energyWh: DecimalInput;
  /** Spans the EV was charging (chargingState Charging). */
  chargingIntervals: UsageInterval[];
  /** Spans the EV was connected but not charging. */
  idleIntervals: UsageInterval[];
}

export interface UsageTotals {
  startedAt: Date;
  endedAt: Date | null;
  energyWh: DecimalInput;
  chargingSeconds: number;
  idleSeconds: number;
}

/**
 * Builds usage intervals when only totals are known (sessions.lifecycle.v1 carries charging and
 * idle seconds, not their spans). Placement rule, documented because time-of-day bands depend
 * on it: charging is assumed to come first, from the session start; idle time last, up to the
 * session end (the EV stays plugged in after charging); any remainder between them is neither.
 * When both totals are 0 (OCPP 1.6, which has no charging state, or no state reported yet) the
 * whole session counts as charging time. An ongoing session ends at `now`.
 */
export function usageFromTotals(totals: UsageTotals, now: Date): SessionUsage {
  const start = totals.startedAt.getTime();
  const end = Math.max(start, (totals.endedAt ?? now).getTime());
  const endDate = totals.endedAt ? new Date(end) : null;
  if (totals.chargingSeconds + totals.idleSeconds === 0) {
    return {
      startedAt: totals.startedAt,
      endedAt: endDate,
      energyWh: totals.energyWh,
      chargingIntervals: [{ from: totals.startedAt, to: new Date(end) }],
      idleIntervals: [],
    };
  }
  const chargingEnd = Math.min(end, start + totals.chargingSeconds * 1000);
  const idleStart = Math.max(chargingEnd, end - totals.idleSeconds * 1000);
  return {
    startedAt: totals.startedAt,
    endedAt: endDate,
    energyWh: totals.energyWh,
    chargingIntervals: chargingEnd > start ? [{ from: totals.startedAt, to: new Date(chargingEnd) }] : [],
    idleIntervals: end > idleStart ? [{ from: new Date(idleStart), to: new Date(end) }] : [],
  };
}
