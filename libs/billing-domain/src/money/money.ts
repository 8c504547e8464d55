import Decimal from 'decimal.js';
import { BillingError, BillingErrorCode } from '../billing-error';
import { minorUnitsOf } from './currency';
import { BillingDecimal, decimal, decimalText, type DecimalInput } from './decimal';

/** HALF_UP: 0.125 → 0.13 (commercial default). HALF_EVEN (banker's): 0.125 → 0.12, 0.135 → 0.14. */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN';

const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
};

/**
 * An amount of one currency, exact (decimal, never a float). Amounts keep full precision through
 * arithmetic; `round()` is the only place precision is dropped, to the currency's minor units.
 */
export class Money {
  private constructor(
    private readonly value: BillingDecimal,
    readonly currency: string,
  ) {}

  static of(amount: DecimalInput, currency: string): Money {
    minorUnitsOf(currency);
    return new Money(decimal(amount), currency);
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  /** Sum of amounts of one currency; `currency` names it when the list may be empty. */
  static sum(amounts: readonly Money[], currency: string): Money {
    return amounts.reduce((total, m) => total.plus(m), Money.zero(currency));
  }

  get minorUnits(): number {
    return minorUnitsOf(this.currency);
  }

  plus(other: Money): Money {
    this.sameCurrency(other, 'plus');
    return new Money(this.value.plus(other.value), this.currency);
  }

  minus(other: Money): Money {
    this.sameCurrency(other, 'minus');
    return new Money(this.value.minus(other.value), this.currency);
  }

  /** Multiplies by a unitless factor (a quantity, a rate). Money × money does not exist. */
  times(factor: DecimalInput): Money {
    return new Money(this.value.times(decimal(factor, 'factor')), this.currency);
  }

  /** Rounds to the currency's minor units (EUR: cents). */
  round(mode: RoundingMode = 'HALF_UP'): Money {
    return new Money(this.value.toDecimalPlaces(this.minorUnits, DECIMAL_ROUNDING[mode]), this.currency);
  }

  isRounded(): boolean {
    return this.value.decimalPlaces() <= this.minorUnits;
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.value.equals(other.value);
  }

  compareTo(other: Money): -1 | 0 | 1 {
    this.sameCurrency(other, 'compareTo');
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  /** The exact amount (for further unitless arithmetic); callers never get a float. */
  toDecimal(): BillingDecimal {
    return this.value;
  }

  /** Decimal text with at least the currency's minor digits: `12.30`, `0.123456`, `1500` (JPY). */
  toString(): string {
    return decimalText(this.value, this.minorUnits);
  }

  toJSON(): string {
    return this.toString();
  }

  private sameCurrency(other: Money, operation: string): void {
    if (other.currency !== this.currency) {
      throw new BillingError(BillingErrorCode.CurrencyMismatch, `cannot ${operation} ${other.currency} and ${this.currency}`, {
        left: this.currency,
        right: other.currency,
      });
    }
  }
}

export { BillingDecimal };
