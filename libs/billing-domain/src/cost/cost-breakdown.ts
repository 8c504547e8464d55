import type { BillingDecimal } from '../money/decimal';
import type { Money } from '../money/money';

export type CostComponent = 'energy' | 'chargingTime' | 'idleTime' | 'sessionFee';
export type CostUnit = 'kWh' | 'min' | 'session';

export const COST_UNIT: Record<CostComponent, CostUnit> = {
  energy: 'kWh',
  chargingTime: 'min',
  idleTime: 'min',
  sessionFee: 'session',
};

export interface CostLine {
  component: CostComponent;
  /** Time-of-day band the line's unit price comes from; null = the tariff's base price. */
  band: string | null;
  /** Exact quantity (kWh, minutes, sessions); the amount is computed from this exact value. */
  quantity: BillingDecimal;
  unit: CostUnit;
  /** Net unit price. */
  unitPrice: Money;
  /** quantity × unitPrice, rounded to minor units with the tariff's rounding mode. */
  amount: Money;
}

export interface CostBreakdown {
  currency: string;
  lines: CostLine[];
  /** Sum of the (rounded) line amounts, tax excluded. */
  subtotal: Money;
  taxRatePercent: string;
  /** subtotal × rate / 100, rounded to minor units. */
  tax: Money;
  totalExclTax: Money;
  totalInclTax: Money;
  /** The instant the costs run to: the session end, or `now` for an ongoing session. */
  calculatedUntil: Date;
  ongoing: boolean;
}
