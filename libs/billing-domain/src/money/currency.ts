import { BillingError, BillingErrorCode } from '../billing-error';

const minorUnitsCache = new Map<string, number>();
let known: Set<string> | undefined;

/**
 * Minor units (decimal places) of an ISO 4217 currency, from the runtime's ICU data (EUR 2,
 * JPY 0, BHD 3). Throws `UnknownCurrency` for a code ICU does not list.
 */
export function minorUnitsOf(currency: string): number {
  const cached = minorUnitsCache.get(currency);
  if (cached !== undefined) return cached;
  assertCurrency(currency);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  minorUnitsCache.set(currency, digits);
  return digits;
}

export function assertCurrency(currency: string): void {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  if (!/^[A-Z]{3}$/.test(currency) || !known.has(currency)) {
    throw new BillingError(BillingErrorCode.UnknownCurrency, `unknown ISO 4217 currency "${currency}"`, { currency });
  }
}
