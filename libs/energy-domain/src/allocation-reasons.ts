import { POWER } from './session-layout';

/** Amperes or kilowatts for a person: one decimal. */
export const tenth = (x: number): string => String(Math.round(x * 10) / 10);

/** Which limit of which node a constraint is: `node "c1" L2 current limit` or `node "c1" power limit`. */
export function constraintName(nodeId: string, c: number): string {
  const q = c & 3;
  return `node "${nodeId}" ${q === POWER ? 'power' : `L${q + 1} current`} limit`;
}

/** What was left on a constraint, in its unit: "2.5 A" per phase, or "1.2 kW" of power. */
export function leftOn(c: number, slack: number, voltageV: number): string {
  const left = Math.max(0, slack);
  return (c & 3) === POWER ? `${tenth((left * voltageV) / 1000)} kW` : `${tenth(left)} A`;
}

export function needsNote(requiredA: number | undefined, limitA: number): string {
  if (!requiredA || requiredA <= 0) return '';
  return `; its EV needs ${tenth(requiredA)} A to reach its energy by departure${limitA + 1e-9 < Math.floor(requiredA * 10) / 10 ? ' (not met)' : ''}`;
}

export const reasons = {
  overcommitted: (nodeId: string): string =>
    `Paused: node "${nodeId}" is overcommitted (its unmanaged load and fixed draws alone exceed its limit)`,
  minimumDoesNotFit: (minA: number, nodeId: string, c: number, left: string): string =>
    `Paused: its minimum of ${tenth(minA)} A does not fit under ${constraintName(nodeId, c)} (${left} left after the sessions before it in priority order)`,
  satisfied: (limitA: number, demandA: number): string =>
    limitA > demandA + 0.05
      ? `Satisfied: demands ${tenth(demandA)} A, gets ${tenth(limitA)} A (capacity nobody else demands)`
      : `Satisfied: gets its demand of ${tenth(demandA)} A`,
  capped: (limitA: number, demandA: number, limiting: string | undefined): string =>
    `Capped at ${tenth(limitA)} A below its demand of ${tenth(demandA)} A${limiting ? `: ${limiting} reached` : ''}`,
};
