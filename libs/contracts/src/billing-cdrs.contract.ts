import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Nullable, Protocol, StationId, Timestamp } from './schema-builders';

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const BILLING_CDR_DESCRIPTION = [
  '`billing.cdrs.v1`, key = station id: the charge detail record of one ended charging session, published by the billing-service. A public contract: billing systems consume it.',
  'Exactly one CDR per session in effect. Delivery is at least once, and a CDR may be published again (a re-processed session end, a restart): it is then byte-for-byte the same record, with the same `cdrId` (a UUIDv5 of the session id), so consumers de-duplicate on `cdrId`.',
  "Money: every amount is `{ amount, currency }` with `amount` a decimal string (never a JSON number), rounded to the currency's minor units — except `unitPrice`, which is the tariff's price as configured (0.349 EUR/kWh). Prices are net (tax excluded). Rounding: each line's `amount` = exact quantity × `unitPrice`, rounded to minor units with the tariff's `rounding` mode; `subtotal` = `totalExclTax` = sum of the line amounts; `tax` = `subtotal` × `taxRatePercent` / 100 rounded the same way; `totalInclTax` = `subtotal` + `tax`. `quantity` is shown with at most 6 decimal places; the amount was computed from the exact value.",
  'Anomalies of the session (sessions.lifecycle.v1 `anomalies`) are carried, never dropped: a flagged session still gets its CDR, with `anomalous: true`, for the billing system to review.',
].join('\n\n');

const DECIMAL = '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$';
const currency = Type.String({ description: 'ISO 4217.', pattern: '^[A-Z]{3}$' });
const nullableInt = (description: string) => Nullable(Type.Integer({ minimum: 0 }), { description });
const nullableText = (maxLength: number, description?: string) =>
  Nullable(Type.String({ minLength: 1, maxLength }), description === undefined ? {} : { description });

export const CDR_COST_COMPONENTS = ['energy', 'chargingTime', 'idleTime', 'sessionFee'] as const;
export type CdrCostComponent = (typeof CDR_COST_COMPONENTS)[number];
export const CDR_TARIFF_SCOPES = ['customerGroup', 'station', 'default'] as const;
export type CdrTariffScope = (typeof CDR_TARIFF_SCOPES)[number];

const money = (options: { description?: string } = {}) =>
  Type.Object(
    {
      amount: Type.String({
        description: "Decimal string, rounded to the currency's minor units (in `unitPrice`: the price as configured).",
        pattern: DECIMAL,
      }),
      currency,
    },
    options,
  );
export const cdrMoneySchema = money();
export type CdrMoney = Static<typeof cdrMoneySchema>;

export const cdrCostLineSchema = Type.Object({
  component: Enum(CDR_COST_COMPONENTS),
  band: nullableText(64, "The tariff's time-of-day band the unit price comes from; null = base price."),
  quantity: Type.String({ description: 'Decimal string (≤ 6 decimal places) in `unit`.', pattern: DECIMAL }),
  unit: Enum(['kWh', 'min', 'session']),
  unitPrice: money({ description: 'Net price per unit (not rounded to minor units: 0.349 EUR/kWh is a valid price).' }),
  amount: cdrMoneySchema,
});
export type CdrCostLine = Static<typeof cdrCostLineSchema>;

export const cdrTariffSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
  name: Type.String({ maxLength: 128 }),
  assignment: Enum(CDR_TARIFF_SCOPES, {
    description: 'Which assignment chose the tariff (customer group > station > default, valid at session start).',
  }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  taxRatePercent: Type.String({ pattern: DECIMAL }),
  rounding: Enum(['HALF_UP', 'HALF_EVEN']),
});
export type CdrTariff = Static<typeof cdrTariffSchema>;

/** `billing.cdrs.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const billingCdrSchema = Type.Object(
  {
    cdrId: Type.String({ description: 'UUIDv5 of the session id: the same session always has the same CDR id.', format: 'uuid' }),
    sessionId: Type.String({ format: 'uuid' }),
    stationId: StationId(),
    protocol: Protocol(),
    transactionRef: Type.String({ minLength: 1, maxLength: 64 }),
    connectorId: nullableInt('1.6 connector id; null when unknown.'),
    evseId: nullableInt('2.x EVSE id; null when unknown.'),
    idTokenKey: nullableText(128, 'Normalized id token key (as in customers.tokens.v1); null when the session had none.'),
    customerId: nullableText(64, 'From customers.tokens.v1 at the time the CDR was issued; null when unknown.'),
    customerGroup: nullableText(64, "The customer's pricing group when known (customers.tokens.v1 does not carry one yet)."),
    startedAt: Timestamp(),
    endedAt: Timestamp(),
    meterStartWh: Nullable(Type.Number()),
    meterStopWh: Nullable(Type.Number()),
    energyWh: Type.Number({ description: 'Energy delivered, Wh.', minimum: 0 }),
    chargingSeconds: Type.Integer({ minimum: 0 }),
    idleSeconds: Type.Integer({ minimum: 0 }),
    stoppedReason: nullableText(64),
    tariff: cdrTariffSchema,
    currency,
    lines: Type.Array(cdrCostLineSchema),
    subtotal: cdrMoneySchema,
    tax: cdrMoneySchema,
    totalExclTax: cdrMoneySchema,
    totalInclTax: cdrMoneySchema,
    anomalies: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      description: 'Session anomaly codes (sessions.lifecycle.v1), in the order the session reported them.',
      uniqueItems: true,
    }),
    anomalous: Type.Boolean({ description: 'true when `anomalies` is not empty.' }),
    issuedAt: Timestamp({ description: 'When the CDR was first issued; re-publications carry the same value.' }),
  },
  { $id: 'urn:voltlane:billing.cdrs.v1', description: BILLING_CDR_DESCRIPTION },
);
export type BillingCdr = Static<typeof billingCdrSchema>;

export const billingCdrContract = defineContract('billing.cdrs.v1', billingCdrSchema);

/** Validates a consumed `billing.cdrs.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseBillingCdr = billingCdrContract.incoming;
