import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, Nullable, Timestamp } from './schema-builders';

const decimal = () => Type.String({ pattern: '^-?\\d{1,12}(\\.\\d{1,12})?$' });
const localTime = Type.String({
  description: 'Local wall-clock time HH:MM in the tariff time zone (00:00–24:00; 24:00 only as a band end).',
  pattern: '^([01]\\d|2[0-4]):[0-5]\\d$',
});

/** A time-of-day band of a tariff version (prices net, decimal strings; absent = base price). */
export const tariffBandSnapshotSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    from: localTime,
    to: localTime,
    energyPerKwh: Type.Optional(decimal()),
    chargingPerMinute: Type.Optional(decimal()),
    idlePerMinute: Type.Optional(decimal()),
  },
  { description: 'A time-of-day band of a tariff version (prices net, decimal strings; absent = base price).' },
);
export type TariffBandSnapshot = Static<typeof tariffBandSnapshotSchema>;

/** One version of a tariff, as the billing-service prices sessions with it. */
export const tariffVersionSnapshotSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    energyPerKwh: decimal(),
    chargingPerMinute: decimal(),
    idlePerMinute: decimal(),
    idleGraceMinutes: Type.Integer({ minimum: 0 }),
    sessionFee: decimal(),
    bands: Type.Array(tariffBandSnapshotSchema, { maxItems: 48 }),
    taxRatePercent: decimal(),
    rounding: Enum(['HALF_UP', 'HALF_EVEN']),
    validFrom: Timestamp(),
    validTo: Nullable(Timestamp()),
  },
  { description: 'One version of a tariff, as the billing-service prices sessions with it.' },
);
export type TariffVersionSnapshot = Static<typeof tariffVersionSnapshotSchema>;

/** Where a tariff applies (customer group > station > default), and when. */
export const tariffAssignmentSnapshotSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    scope: Type.Union([
      Type.Object({ kind: Type.Literal('customerGroup'), customerGroup: Type.String({ minLength: 1 }) }),
      Type.Object({ kind: Type.Literal('station'), stationId: Type.String({ minLength: 1 }) }),
      Type.Object({ kind: Type.Literal('default') }),
    ]),
    validFrom: Timestamp(),
    validTo: Nullable(Timestamp()),
  },
  { description: 'Where a tariff applies (customer group > station > default), and when.' },
);
export type TariffAssignmentSnapshot = Static<typeof tariffAssignmentSnapshotSchema>;

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const TARIFF_CATALOG_ENTRY_DESCRIPTION = [
  "`billing.tariffs.v1`: the whole state of one tariff (every version and every assignment) after each change, so that a service answering a station synchronously (the session-service's TransactionEventResponse.totalCost) prices with the billing-service's tariffs and the same rules as the CDR (ADR 0016). Record key = `tariffId`; keep, per tariff, the record with the highest `revision` (milliseconds since the epoch when it was published; the billing-service republishes every tariff when it starts, which is harmless).",
].join('\n\n');

/** `billing.tariffs.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const tariffCatalogEntrySchema = Type.Object(
  {
    tariffId: Type.String({ minLength: 1, maxLength: 64 }),
    revision: Type.Integer({ description: 'Milliseconds since the epoch when it was published; keep the highest per tariff.', minimum: 0 }),
    versions: Type.Array(tariffVersionSnapshotSchema, { maxItems: 10_000 }),
    assignments: Type.Array(tariffAssignmentSnapshotSchema, { maxItems: 100_000 }),
  },
  { $id: 'urn:voltlane:billing.tariffs.v1', description: TARIFF_CATALOG_ENTRY_DESCRIPTION },
);
export type TariffCatalogEntry = Static<typeof tariffCatalogEntrySchema>;

export const tariffCatalogEntryContract = defineContract('billing.tariffs.v1', tariffCatalogEntrySchema);

/** Validates a consumed `billing.tariffs.v1` payload (a tolerant reader); throws ContractViolation. */
export const parseTariffCatalogEntry = tariffCatalogEntryContract.incoming;
