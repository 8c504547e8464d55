import { MeterDecimal, parseDecimalText, toDecimalString } from './decimal-text';
import { DEFAULT_LOCATION } from './normalize-meter-values';
import type { NormalizedSample } from './normalized-sample';

export const ENERGY_REGISTER_MEASURAND = 'Energy.Active.Import.Register';

/** A usable reading of the total (all-phase) active import energy register, in Wh. */
export function isEnergyRegisterTotal(sample: NormalizedSample): boolean {
  return (
    sample.measurand === ENERGY_REGISTER_MEASURAND &&
    sample.phase === undefined &&
    sample.unit === 'Wh' &&
    sample.value !== null &&
    sample.invalid === undefined
  );
}

/**
 * The latest Energy.Active.Import.Register total in Wh (decimal string), or null when the
 * samples carry none. Latest by timestamp; on equal timestamps an Outlet reading wins, then
 * the one that comes last.
 */
export function energyRegisterWh(samples: readonly NormalizedSample[]): string | null {
  return latestEnergyRegister(samples)?.valueWh ?? null;
}

/** The reading `energyRegisterWh` picks, with the time it was taken; null when the samples carry none. */
export function latestEnergyRegister(samples: readonly NormalizedSample[]): { valueWh: string; timestamp: string } | null {
  let best: NormalizedSample | undefined;
  for (const sample of samples) {
    if (!isEnergyRegisterTotal(sample)) continue;
    if (best === undefined || compareReadings(sample, best) >= 0) best = sample;
  }
  return best?.value === undefined || best.value === null ? null : { valueWh: best.value, timestamp: best.timestamp };
}

function compareReadings(a: NormalizedSample, b: NormalizedSample): number {
  const byTime = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  if (byTime !== 0) return byTime;
  return Number(a.location === DEFAULT_LOCATION) - Number(b.location === DEFAULT_LOCATION);
}

/**
 * Energy delivered between two register readings in Wh (decimal string). Null when either
 * reading is missing or not a decimal, or when the register went backwards (meter reset or
 * replacement): that needs a human, not a negative number.
 */
export function energyDeliveredWh(startWh: string | number | null | undefined, endWh: string | number | null | undefined): string | null {
  const start = toDecimal(startWh);
  const end = toDecimal(endWh);
  if (start === null || end === null) return null;
  const delivered = end.minus(start);
  return delivered.isNegative() && !delivered.isZero() ? null : toDecimalString(delivered);
}

function toDecimal(v: string | number | null | undefined): MeterDecimal | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? new MeterDecimal(v) : null;
  return parseDecimalText(v);
}
