import { requiredCurrentA, type EvChargingNeeds } from '@voltlane/energy-domain';

/**
 * An EV's ISO 15118 charging needs as a station reports them (NotifyEVChargingNeeds, 2.0.1/2.1).
 * Pure.
 */

/** What is stored on the session (`sessions.needs`): the request's needs as sent, and its schedule bound. */
export interface StoredNeeds {
  chargingNeeds: EvChargingNeeds;
  maxScheduleTuples?: number;
}

/** Current the service assumes a station gives when nothing says (no rating in a site, no EV maximum), A per phase. */
export const UNRATED_MAX_A = 32;
/** Power assumed for a DC EVSE when nothing says, W. */
export const UNRATED_DC_W = 50_000;

/** DC (and 2.1 DC_* modes): the schedule is in W. */
export function isDcTransfer(needs: EvChargingNeeds): boolean {
  return needs.requestedEnergyTransfer.startsWith('DC');
}

/** The schedule a station that is in no site gets for an EV's needs. */
export interface DirectSchedule {
  /** AC: per phase, A. */
  limitA: number;
  phases: number;
  dc: boolean;
  /** DC: the power, W. */
  limitW?: number;
  startSchedule?: string;
  durationS?: number;
}

/**
 * The schedule for a station that is in no site (K15.FR.03): the EV's own maximum (AC: evMaxCurrent
 * on the phases of its transfer mode; DC: evMaxPower, else evMaxCurrent × evMaxVoltage), from now
 * until its departure when it gave one. One period, so it fits any maxScheduleTuples. Without an
 * EV maximum: UNRATED_MAX_A / UNRATED_DC_W.
 */
export function directSchedule(needs: EvChargingNeeds, now: number, voltageV: number): DirectSchedule {
  const currents = requiredCurrentA(needs, now, voltageV);
  const departure = needs.departureTime === undefined ? NaN : Date.parse(needs.departureTime);
  const timing =
    !Number.isNaN(departure) && departure > now + 1000
      ? { startSchedule: new Date(now).toISOString(), durationS: Math.ceil((departure - now) / 1000) }
      : {};
  if (isDcTransfer(needs)) {
    const limitW = currents.maxA !== undefined ? currents.maxA * voltageV * 3 : UNRATED_DC_W;
    return { limitA: limitW / (voltageV * 3), limitW: Math.floor(limitW), phases: 3, dc: true, ...timing };
  }
  return { limitA: currents.maxA ?? UNRATED_MAX_A, phases: currents.phases ?? 3, dc: false, ...timing };
}
