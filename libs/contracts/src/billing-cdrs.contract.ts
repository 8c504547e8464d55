import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';

/**
 * `billing.cdrs.v1`, key = station id: the charge detail record of one ended charging session,
 * published by the billing-service. A public contract: billing systems consume it.
 *
 * Exactly one CDR per session in effect. Delivery is at least once, and a CDR may be published
 * again (a re-processed session end, a restart): it is then byte-for-byte the same record, with
 * the same `cdrId` (a UUIDv5 of the session id), so consumers de-duplicate on `cdrId`.
 *
 * Money: every amount is `{ amount, currency }` with `amount` a decimal string (never a JSON
 * number), rounded to the currency's minor units — except `unitPrice`, which is the tariff's price
 * as configured (0.349 EUR/kWh). Prices are net (tax excluded).
 * Rounding: each line's `amount` = exact quantity × `unitPrice`, rounded to minor units with the
 * tariff's `rounding` mode; `subtotal` = `totalExclTax` = sum of the line amounts; `tax` =
 * `subtotal` × `taxRatePercent` / 100 rounded the same way; `totalInclTax` = `subtotal` + `tax`.
 * `quantity` is shown with at most 6 decimal places; the amount was computed from the exact value.
 *
 * Anomalies of the session (sessions.lifecycle.v1 `anomalies`) are carried, never dropped: a
 * flagged session still gets its CDR, with `anomalous: true`, for the billing system to review.
 */
export type CdrCostComponent = 'energy' | 'chargingTime' | 'idleTime' | 'sessionFee';
export type CdrTariffScope = 'customerGroup' | 'station' | 'default';

export interface CdrMoney {
  /** Decimal string, rounded to the currency's minor units. */
  amount: string;
  /** ISO 4217. */
  currency: string;
}

export interface CdrCostLine {
  component: CdrCostComponent;
  /** The tariff's time-of-day band the unit price comes from; null = base price. */
  band: string | null;
  /** Decimal string (≤ 6 decimal places) in `unit`. */
  quantity: string;
  unit: 'kWh' | 'min' | 'session';
  /** Net price per unit (not rounded to minor units: 0.349 EUR/kWh is a valid price). */
  unitPrice: CdrMoney;
  amount: CdrMoney;
}

export interface CdrTariff {
  id: string;
  version: number;
  name: string;
  /** Which assignment chose the tariff (customer group > station > default, valid at session start). */
  assignment: CdrTariffScope;
  timeZone: string;
  taxRatePercent: string;
  rounding: 'HALF_UP' | 'HALF_EVEN';
}

export interface BillingCdr {
  /** UUIDv5 of the session id: the same session always has the same CDR id. */
  cdrId: string;
  sessionId: string;
  stationId: string;
  protocol: OcppVersion;
  transactionRef: string;
  /** 1.6 connector id; null when unknown. */
  connectorId: number | null;
  /** 2.x EVSE id; null when unknown. */
  evseId: number | null;
  /** Normalized id token key (as in customers.tokens.v1); null when the session had none. */
  idTokenKey: string | null;
  /** From customers.tokens.v1 at the time the CDR was issued; null when unknown. */
  customerId: string | null;
  /** The customer's pricing group when known (customers.tokens.v1 does not carry one yet). */
  customerGroup: string | null;
  startedAt: string;
  endedAt: string;
  meterStartWh: number | null;
  meterStopWh: number | null;
  /** Energy delivered, Wh. */
  energyWh: number;
  chargingSeconds: number;
  idleSeconds: number;
  stoppedReason: string | null;
  tariff: CdrTariff;
  currency: string;
  lines: CdrCostLine[];
  subtotal: CdrMoney;
  tax: CdrMoney;
  totalExclTax: CdrMoney;
  totalInclTax: CdrMoney;
  /** Session anomaly codes (sessions.lifecycle.v1), in the order the session reported them. */
  anomalies: string[];
  /** true when `anomalies` is not empty. */
  anomalous: boolean;
  /** When the CDR was first issued; re-publications carry the same value. */
  issuedAt: string;
}

const DECIMAL = '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$';
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const money = {
  type: 'object',
  required: ['amount', 'currency'],
  additionalProperties: false,
  properties: { amount: { type: 'string', pattern: DECIMAL }, currency },
} as const;
const nullableInt = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] } as const;
const nullableString = (maxLength: number) => ({ anyOf: [{ type: 'string', minLength: 1, maxLength }, { type: 'null' }] }) as const;

export const billingCdrSchema = {
  $id: 'urn:voltlane:billing.cdrs.v1',
  type: 'object',
  required: [
    'cdrId',
    'sessionId',
    'stationId',
    'protocol',
    'transactionRef',
    'connectorId',
    'evseId',
    'idTokenKey',
    'customerId',
    'customerGroup',
    'startedAt',
    'endedAt',
    'meterStartWh',
    'meterStopWh',
    'energyWh',
    'chargingSeconds',
    'idleSeconds',
    'stoppedReason',
    'tariff',
    'currency',
    'lines',
    'subtotal',
    'tax',
    'totalExclTax',
    'totalInclTax',
    'anomalies',
    'anomalous',
    'issuedAt',
  ],
  additionalProperties: false,
  properties: {
    cdrId: { type: 'string', format: 'uuid' },
    sessionId: { type: 'string', format: 'uuid' },
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    transactionRef: { type: 'string', minLength: 1, maxLength: 64 },
    connectorId: nullableInt,
    evseId: nullableInt,
    idTokenKey: nullableString(128),
    customerId: nullableString(64),
    customerGroup: nullableString(64),
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time' },
    meterStartWh: { anyOf: [{ type: 'number' }, { type: 'null' }] },
    meterStopWh: { anyOf: [{ type: 'number' }, { type: 'null' }] },
    energyWh: { type: 'number', minimum: 0 },
    chargingSeconds: { type: 'integer', minimum: 0 },
    idleSeconds: { type: 'integer', minimum: 0 },
    stoppedReason: nullableString(64),
    tariff: {
      type: 'object',
      required: ['id', 'version', 'name', 'assignment', 'timeZone', 'taxRatePercent', 'rounding'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64 },
        version: { type: 'integer', minimum: 1 },
        name: { type: 'string', maxLength: 128 },
        assignment: { enum: ['customerGroup', 'station', 'default'] },
        timeZone: { type: 'string', minLength: 1, maxLength: 64 },
        taxRatePercent: { type: 'string', pattern: DECIMAL },
        rounding: { enum: ['HALF_UP', 'HALF_EVEN'] },
      },
    },
    currency,
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['component', 'band', 'quantity', 'unit', 'unitPrice', 'amount'],
        additionalProperties: false,
        properties: {
          component: { enum: ['energy', 'chargingTime', 'idleTime', 'sessionFee'] },
          band: nullableString(64),
          quantity: { type: 'string', pattern: DECIMAL },
          unit: { enum: ['kWh', 'min', 'session'] },
          unitPrice: money,
          amount: money,
        },
      },
    },
    subtotal: money,
    tax: money,
    totalExclTax: money,
    totalInclTax: money,
    anomalies: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } },
    anomalous: { type: 'boolean' },
    issuedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** Validates a `billing.cdrs.v1` payload (produced or consumed); throws ContractViolation. */
export const parseBillingCdr = contractValidator<BillingCdr>('billing.cdrs.v1', billingCdrSchema);
