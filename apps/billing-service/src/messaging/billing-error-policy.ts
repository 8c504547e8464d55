import { BillingErrorCode } from '@voltlane/billing-domain';

/**
 * What a consumer does with a record whose processing hit a billing domain error. `dead-letter`:
 * keep the record in billing_failures and go on (one bad session must not stop every station on
 * its partition); an operator fixes the cause (tariff, data) and re-drives it.
 */
export type FailureAction = 'dead-letter';

export function actionFor(code: BillingErrorCode): { action: FailureAction; level: 'error' | 'warn' } {
  switch (code) {
    // Configuration a person must fix; the session is otherwise fine.
    case BillingErrorCode.NoApplicableTariff:
    case BillingErrorCode.UnknownTariff:
    case BillingErrorCode.InvalidTariff:
    case BillingErrorCode.UnknownCurrency:
    case BillingErrorCode.UnknownTimeZone:
    case BillingErrorCode.CurrencyMismatch:
      return { action: 'dead-letter', level: 'error' };
    // Session data billing cannot price.
    case BillingErrorCode.InvalidAmount:
    case BillingErrorCode.InvalidUsage:
      return { action: 'dead-letter', level: 'warn' };
  }
}
