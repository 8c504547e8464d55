import Decimal from 'decimal.js';
import { BillingError, BillingErrorCode } from '../billing-error';

/**
 * The one Decimal constructor of billing: 40 significant digits, so no intermediate product or
 * quotient of realistic prices and quantities is rounded before the explicit rounding steps.
 */
export const BillingDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type BillingDecimal = InstanceType<typeof BillingDecimal>;

export type DecimalInput = string | number | BillingDecimal;

/** Parses a finite decimal; numbers are accepted only when they are safe integers (Wh, seconds). */
export function decimal(value: DecimalInput, what = 'amount'): BillingDecimal {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new BillingError(BillingErrorCode.InvalidAmount, `${what} must be given as a decimal string, not the float ${value}`, { value });
  }
  let result: BillingDecimal;
  try {
    result = new BillingDecimal(value);
  } catch {
    throw new BillingError(BillingErrorCode.InvalidAmount, `${what} "${String(value)}" is not a decimal`, { value: String(value) });
  }
  if (!result.isFinite())
    throw new BillingError(BillingErrorCode.InvalidAmount, `${what} "${String(value)}" is not finite`, { value: String(value) });
  return result;
}

/** Plain decimal text without exponent and without a negative zero; trailing zeros trimmed beyond `minDp`. */
export function decimalText(value: BillingDecimal, minDp = 0): string {
  const dp = Math.max(value.decimalPlaces(), minDp);
  const text = value.toFixed(dp);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
