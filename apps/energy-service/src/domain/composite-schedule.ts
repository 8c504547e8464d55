import type { OcppVersion } from '@voltlane/ocpp';

/** How far ahead the composite schedule is asked for, s. */
export const COMPOSITE_DURATION_S = 300;
/** A composite limit may exceed what was sent by this much before the station is flagged (rounding), A. */
const TOLERANCE_A = 0.1;

/** GetCompositeSchedule for one EVSE (1.6: connector), in A. */
export function compositeScheduleRequest(protocol: OcppVersion, evseId: number): Record<string, unknown> {
  return protocol === 'ocpp1.6'
    ? { connectorId: evseId, duration: COMPOSITE_DURATION_S, chargingRateUnit: 'A' }
    : { evseId, duration: COMPOSITE_DURATION_S, chargingRateUnit: 'A' };
}

interface Period {
  startPeriod?: unknown;
  limit?: unknown;
  numberPhases?: unknown;
}

/**
 * The highest limit of a GetCompositeSchedule answer, per phase in A (a W schedule converted with
 * the voltage and its phases, 3 when not given); undefined when the station answered no schedule.
 */
export function compositeMaxA(protocol: OcppVersion, answer: Record<string, unknown>, voltageV: number): number | undefined {
  if (answer.status !== 'Accepted') return undefined;
  const schedule = (protocol === 'ocpp1.6' ? answer.chargingSchedule : answer.schedule) as
    { chargingRateUnit?: unknown; chargingSchedulePeriod?: unknown } | undefined;
  const periods = Array.isArray(schedule?.chargingSchedulePeriod) ? (schedule.chargingSchedulePeriod as Period[]) : [];
  const limits = periods.flatMap((p) => {
    if (typeof p.limit !== 'number') return [];
    if (schedule?.chargingRateUnit !== 'W') return [p.limit];
    const phases = typeof p.numberPhases === 'number' && p.numberPhases > 0 ? p.numberPhases : 3;
    return [p.limit / (voltageV * phases)];
  });
  return limits.length > 0 ? Math.max(...limits) : undefined;
}

/** True when the station's composite schedule lets the EVSE draw more than the limit the service sent. */
export function compositeExceeds(compositeA: number | undefined, sentA: number): boolean {
  return compositeA !== undefined && compositeA > sentA + TOLERANCE_A;
}
