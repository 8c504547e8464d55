import Decimal from 'decimal.js';

/** Enough significant digits that unit conversion never rounds a meter reading. */
export const MeterDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
export type MeterDecimal = InstanceType<typeof MeterDecimal>;

// Plain decimal with optional sign, fraction and exponent. Excludes NaN, Infinity, hex (0x..),
// binary/octal literals, thousands separators, decimal commas and the empty string.
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$/;

/** Parses a 1.6 sampled value; null when it is not a plain decimal number. */
export function parseDecimalText(text: string): MeterDecimal | null {
  const trimmed = text.trim();
  return DECIMAL_TEXT.test(trimmed) ? new MeterDecimal(trimmed) : null;
}

/** Converts a 2.x JSON number; null for a non-finite number (cannot come from JSON). */
export function decimalFromNumber(n: number): MeterDecimal | null {
  return Number.isFinite(n) ? new MeterDecimal(n) : null;
}

/**
 * Digits a normalized value may have before the point, and after it: the sample column is
 * numeric(24,6). A value is checked by its exponent before it is ever written out in full, so
 * `multiplier: 2147483647` costs nothing (its plain notation would be two billion characters).
 */
export const MAX_INTEGER_DIGITS = 18;
export const MAX_FRACTION_DIGITS = 6;

/**
 * The value as a sample can hold it, or null when it has more integer digits than that. A value
 * below the stored scale (|v| < 1e-6) is rounded to it as PostgreSQL would, so its plain notation
 * stays short too; anything else is kept exact.
 */
export function storableDecimal(d: MeterDecimal): MeterDecimal | null {
  if (!d.isFinite()) return null;
  if (d.isZero()) return d;
  if (d.e >= MAX_INTEGER_DIGITS) return null;
  return d.e < -MAX_FRACTION_DIGITS ? d.toDecimalPlaces(MAX_FRACTION_DIGITS, MeterDecimal.ROUND_HALF_UP) : d;
}

/** Plain notation, no exponent, no trailing zeros, never "-0". */
export function toDecimalString(d: MeterDecimal): string {
  return d.isZero() ? '0' : d.toFixed();
}
