import type { OperatorApiSchemas } from '@voltlane/operator-api-client';

/** A tariff version as the operator API shows it. */
export type Tariff = OperatorApiSchemas['GetTariffResponse'];
export type TariffBand = NonNullable<Tariff['bands']>[number];
export type TariffAssignment = OperatorApiSchemas['ListTariffAssignmentsResponse'][number];
export type CreateTariffBody = OperatorApiSchemas['CreateTariffRequest'];
export type UpdateTariffBody = OperatorApiSchemas['UpdateTariffRequest'];
export type AssignTariffBody = OperatorApiSchemas['AssignTariffRequest'];
export type Rounding = NonNullable<Tariff['rounding']>;

/** The API's patterns: a net price (at most 6 decimals), a tax rate in percent, a currency, a band time. */
export const PRICE_PATTERN = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$/;
export const TAX_PATTERN = /^(100(\.0{1,4})?|[1-9]?[0-9](\.[0-9]{1,4})?)$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const TIME_PATTERN = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** A price of the tariff with its unit (`0.35 EUR/kWh`), or — when not set. */
export function price(amount: string | undefined, currency: string | undefined, unit = ''): string {
  if (amount === undefined || amount === '') return '—';
  return `${amount} ${currency ?? ''}${unit}`.trim();
}
