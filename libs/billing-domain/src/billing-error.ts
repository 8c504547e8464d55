/** Why a billing rule refused its input. Each transport maps these once (exhaustive switch). */
export enum BillingErrorCode {
  /** Arithmetic or comparison between amounts of different currencies. */
  CurrencyMismatch = 'CurrencyMismatch',
  /** Not an ISO 4217 code known to the runtime's ICU data. */
  UnknownCurrency = 'UnknownCurrency',
  /** Not a finite decimal (NaN, Infinity, garbage text). */
  InvalidAmount = 'InvalidAmount',
  /** Not an IANA time zone known to the runtime. */
  UnknownTimeZone = 'UnknownTimeZone',
  /** A tariff that breaks its own rules (negative price, overlapping bands, bad local time, …). */
  InvalidTariff = 'InvalidTariff',
  /** A usage interval that ends before it starts, or session data that contradicts itself. */
  InvalidUsage = 'InvalidUsage',
  /** A tariff id that does not exist. */
  UnknownTariff = 'UnknownTariff',
  /** No tariff assignment is valid for the session at its start. */
  NoApplicableTariff = 'NoApplicableTariff',
}

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BillingError';
  }
}
