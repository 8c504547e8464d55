import { contractValidator } from './contract-validator';

/** A time-of-day band of a tariff version (prices net, decimal strings; absent = base price). */
export interface TariffBandSnapshot {
  name: string;
  from: string;
  to: string;
  energyPerKwh?: string;
  chargingPerMinute?: string;
  idlePerMinute?: string;
}

/** One version of a tariff, as the billing-service prices sessions with it. */
export interface TariffVersionSnapshot {
  version: number;
  name: string;
  currency: string;
  timeZone: string;
  energyPerKwh: string;
  chargingPerMinute: string;
  idlePerMinute: string;
  idleGraceMinutes: number;
  sessionFee: string;
  bands: TariffBandSnapshot[];
  taxRatePercent: string;
  rounding: 'HALF_UP' | 'HALF_EVEN';
  validFrom: string;
  validTo: string | null;
}

/** Where a tariff applies (customer group > station > default), and when. */
export interface TariffAssignmentSnapshot {
  id: string;
  scope: { kind: 'customerGroup'; customerGroup: string } | { kind: 'station'; stationId: string } | { kind: 'default' };
  validFrom: string;
  validTo: string | null;
}

/**
 * `billing.tariffs.v1`: the whole state of one tariff (every version and every assignment) after
 * each change, so that a service answering a station synchronously (the session-service's
 * TransactionEventResponse.totalCost) prices with the billing-service's tariffs and the same rules
 * as the CDR (ADR 0016). Record key = `tariffId`; keep, per tariff, the record with the highest
 * `revision` (milliseconds since the epoch when it was published; the billing-service republishes
 * every tariff when it starts, which is harmless).
 */
export interface TariffCatalogEntry {
  tariffId: string;
  revision: number;
  versions: TariffVersionSnapshot[];
  assignments: TariffAssignmentSnapshot[];
}

const decimal = { type: 'string', pattern: '^-?\\d{1,12}(\\.\\d{1,12})?$' } as const;
const localTime = { type: 'string', pattern: '^([01]\\d|2[0-4]):[0-5]\\d$' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

export const tariffCatalogEntrySchema = {
  $id: 'urn:voltlane:billing.tariffs.v1',
  type: 'object',
  required: ['tariffId', 'revision', 'versions', 'assignments'],
  additionalProperties: false,
  properties: {
    tariffId: { type: 'string', minLength: 1, maxLength: 64 },
    revision: { type: 'integer', minimum: 0 },
    versions: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        required: ['version', 'name', 'currency', 'timeZone', 'energyPerKwh', 'chargingPerMinute', 'idlePerMinute', 'idleGraceMinutes', 'sessionFee', 'bands', 'taxRatePercent', 'rounding', 'validFrom', 'validTo'],
        additionalProperties: false,
        properties: {
          version: { type: 'integer', minimum: 1 },
          name: { type: 'string', minLength: 1, maxLength: 200 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          timeZone: { type: 'string', minLength: 1, maxLength: 64 },
          energyPerKwh: decimal,
          chargingPerMinute: decimal,
          idlePerMinute: decimal,
          idleGraceMinutes: { type: 'integer', minimum: 0 },
          sessionFee: decimal,
          bands: {
            type: 'array',
            maxItems: 48,
            items: {
              type: 'object',
              required: ['name', 'from', 'to'],
              additionalProperties: false,
              properties: { name: { type: 'string', minLength: 1, maxLength: 64 }, from: localTime, to: localTime, energyPerKwh: decimal, chargingPerMinute: decimal, idlePerMinute: decimal },
            },
          },
          taxRatePercent: decimal,
          rounding: { enum: ['HALF_UP', 'HALF_EVEN'] },
          validFrom: instant,
          validTo: { anyOf: [instant, { type: 'null' }] },
        },
      },
    },
    assignments: {
      type: 'array',
      maxItems: 100_000,
      items: {
        type: 'object',
        required: ['id', 'scope', 'validFrom', 'validTo'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 64 },
          scope: {
            type: 'object',
            required: ['kind'],
            properties: { kind: { enum: ['customerGroup', 'station', 'default'] }, customerGroup: { type: 'string', minLength: 1 }, stationId: { type: 'string', minLength: 1 } },
          },
          validFrom: instant,
          validTo: { anyOf: [instant, { type: 'null' }] },
        },
      },
    },
  },
} as const;

export const parseTariffCatalogEntry = contractValidator<TariffCatalogEntry>('billing.tariffs.v1', tariffCatalogEntrySchema);
