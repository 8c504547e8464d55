import { listQuerySchema, toOpenApiSchema } from '@voltlane/api-kit';
import { billingCdrSchema } from '@voltlane/contracts';

/**
 * JSON schemas of the billing-service operator API (validation and OpenAPI). Money is a decimal
 * string, never a JSON number: at most 12 integer digits and 6 decimals (the stored precision, so
 * nothing is rounded silently).
 */
export const MONEY_PATTERN = '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$';
const money = { type: 'string', pattern: MONEY_PATTERN, description: 'Net price as a decimal string (e.g. "0.35"), at most 6 decimals' };
const percent = {
  type: 'string',
  pattern: '^(100(\\.0{1,4})?|[1-9]?[0-9](\\.[0-9]{1,4})?)$',
  description: 'Tax rate in percent as a decimal string (0–100, at most 4 decimals)',
};
const localTime = { type: 'string', pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'Local time HH:MM' };

/** The one problem schema of the operator API (issue #16), under the name this service's code imports. */
export { problemSchema } from '@voltlane/api-kit';

const band = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'from', 'to'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 40 },
    from: localTime,
    to: localTime,
    energyPerKwh: money,
    chargingPerMinute: money,
    idlePerMinute: money,
  },
};

const tariffFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217' },
  timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone of the bands (e.g. Europe/Berlin)' },
  energyPerKwh: money,
  chargingPerMinute: money,
  idlePerMinute: money,
  idleGraceMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
  sessionFee: money,
  bands: { type: 'array', maxItems: 48, items: band },
  taxRatePercent: percent,
  rounding: { type: 'string', enum: ['HALF_UP', 'HALF_EVEN'] },
  validFrom: { type: 'string', format: 'date-time' },
  validTo: { type: 'string', format: 'date-time', nullable: true },
};

export const SCOPES = ['default', 'station', 'customerGroup'];

export const assignmentBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['scope'],
  properties: {
    scope: { type: 'string', enum: SCOPES, description: 'Precedence customerGroup > station > default' },
    stationId: { type: 'string', minLength: 1, maxLength: 48, description: 'Required for scope station' },
    customerGroup: { type: 'string', minLength: 1, maxLength: 100, description: 'Required for scope customerGroup' },
    validFrom: { type: 'string', format: 'date-time', description: 'Default: now' },
    validTo: { type: 'string', format: 'date-time', nullable: true, description: 'Exclusive; null = open-ended' },
  },
};

export const tariffCreateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'currency', 'timeZone', 'taxRatePercent'],
  properties: {
    ...tariffFields,
    assignments: { type: 'array', maxItems: 100, items: assignmentBodySchema, description: 'Assignments created with the tariff' },
  },
};

export const tariffUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: tariffFields,
};

export const tariffSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    version: { type: 'integer' },
    ...tariffFields,
    validTo: { type: 'string', format: 'date-time', nullable: true },
  },
};

export const assignmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    tariffId: { type: 'string', format: 'uuid' },
    scope: { type: 'string', enum: SCOPES },
    stationId: { type: 'string', nullable: true },
    customerGroup: { type: 'string', nullable: true },
    validFrom: { type: 'string', format: 'date-time' },
    validTo: { type: 'string', format: 'date-time', nullable: true },
  },
};

export const tariffListQuerySchema = listQuerySchema({
  name: { type: 'string', maxLength: 200, description: 'Part of the name (case-insensitive, plain text)' },
});

const cdrFilters = {
  endedFrom: { type: 'string', format: 'date-time', description: 'Sessions ended at or after' },
  endedTo: { type: 'string', format: 'date-time', description: 'Sessions ended before' },
  stationId: { type: 'string', minLength: 1, maxLength: 48 },
  customerId: { type: 'string', minLength: 1, maxLength: 64 },
  sessionId: { type: 'string', format: 'uuid', description: 'The CDR of this session (at most one)' },
  anomalous: { type: 'boolean', description: 'true: only CDRs with session anomalies; false: only clean ones' },
};

export const cdrListQuerySchema = listQuerySchema(cdrFilters);
export const cdrExportQuerySchema = { type: 'object', additionalProperties: false, properties: cdrFilters };

const moneySchema = { type: 'object', properties: { amount: { type: 'string' }, currency: { type: 'string' } } };
const costLine = {
  type: 'object',
  properties: {
    component: { type: 'string' },
    band: { type: 'string', nullable: true },
    quantity: { type: 'string' },
    unit: { type: 'string' },
    unitPrice: moneySchema,
    amount: moneySchema,
  },
};

/** The CDR exactly as published on billing.cdrs.v1: the contract's own schema, so the API documents every field. */
export const cdrSchema = { ...toOpenApiSchema(billingCdrSchema), description: 'The CDR exactly as published on billing.cdrs.v1' };

export const runningCostSchema = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    stationId: { type: 'string' },
    tariff: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' } } },
    currency: { type: 'string' },
    lines: { type: 'array', items: costLine },
    subtotal: moneySchema,
    taxRatePercent: { type: 'string' },
    tax: moneySchema,
    totalExclTax: moneySchema,
    totalInclTax: moneySchema,
    calculatedUntil: { type: 'string', format: 'date-time' },
    ongoing: { type: 'boolean' },
  },
};
