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

/** Plain notation, no exponent, no trailing zeros, never "-0". */
export function toDecimalString(d: MeterDecimal): string {
  return d.isZero() ? '0' : d.toFixed();
}
