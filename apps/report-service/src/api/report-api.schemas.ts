import { BUCKET_SIZES } from '@voltlane/report-domain';

/** JSON schemas of the report API (validation and OpenAPI). */
/** The one problem schema of the operator API (issue #16), under the name this service's code imports. */
export { problemSchema } from '@voltlane/api-kit';

const instant = (what: string): Record<string, unknown> => ({
  type: 'string',
  minLength: 1,
  maxLength: 40,
  description: `${what}: a date (YYYY-MM-DD, local midnight in tz) or a date-time with offset (2026-10-25T00:00:00+02:00)`,
});

const rangeProperties = {
  from: instant('Start of the range (inclusive)'),
  to: instant('End of the range (exclusive)'),
  bucket: {
    type: 'string',
    enum: [...BUCKET_SIZES],
    default: 'day',
    description: 'Bucket size: calendar days, ISO weeks (from Monday) or months, in tz',
  },
  tz: {
    type: 'string',
    minLength: 1,
    maxLength: 64,
    default: 'UTC',
    description: 'IANA time zone of the buckets and of plain dates (e.g. Europe/Berlin)',
  },
  format: { type: 'string', enum: ['json', 'csv'], description: 'csv: text/csv with a header row (also chosen by Accept: text/csv)' },
};

const stationIds = {
  type: 'string',
  minLength: 1,
  maxLength: 10_000,
  pattern: '^[^,]{1,48}(,[^,]{1,48})*$',
  description: 'Comma-separated station ids: the group (site) to report on; default every station',
};

export const networkQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { ...rangeProperties, stationIds },
};
export const stationsQuerySchema = networkQuerySchema;
export const stationQuerySchema = { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: rangeProperties };

const percent = { type: 'number', nullable: true };
export const bucketSchema = {
  type: 'object',
  properties: {
    start: { type: 'string', format: 'date-time', description: 'Bucket start (UTC)' },
    end: { type: 'string', format: 'date-time', description: 'Bucket end, exclusive (UTC)' },
    startLocal: { type: 'string', description: 'Bucket start in tz, with offset' },
    endLocal: { type: 'string', description: 'Bucket end in tz, with offset' },
    sessions: { type: 'integer', description: 'Sessions that started in the bucket' },
    energyKwh: { type: 'number', description: 'Energy of those sessions (all of it, also when they end in a later bucket)' },
    sessionSeconds: { type: 'integer', description: 'Duration of those sessions, start to end (to now while ongoing)' },
    chargingSeconds: { type: 'integer', description: 'Charging time of those sessions' },
    idleSeconds: { type: 'integer', description: 'Idle time (connected, not charging) of those sessions' },
    occupiedSeconds: {
      type: 'integer',
      description: 'Connector time in an occupied status (Preparing … Finishing, Occupied) within the bucket',
    },
    utilisationPercent: {
      ...percent,
      description: 'occupied connector-time / (connectors × bucket length); null without connectors or before now',
    },
    uptimePercent: {
      ...percent,
      description: 'connector-time online and neither the connector nor the station Faulted/Unavailable / (connectors × bucket length)',
    },
    onlinePercent: { ...percent, description: 'station time connected / (stations × bucket length)' },
    faults: {
      type: 'array',
      items: { type: 'object', properties: { errorCode: { type: 'string' }, count: { type: 'integer' } } },
      description: 'Transitions into Faulted, by error code',
    },
    revenue: {
      type: 'array',
      description: 'CDR totals of the sessions that started in the bucket, per currency (decimal strings)',
      items: {
        type: 'object',
        properties: { currency: { type: 'string' }, totalExclTax: { type: 'string' }, totalInclTax: { type: 'string' } },
      },
    },
  },
};

const header = {
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  bucket: { type: 'string', enum: [...BUCKET_SIZES] },
  timeZone: { type: 'string' },
};

export const stationReportSchema = {
  type: 'object',
  properties: { stationId: { type: 'string' }, connectors: { type: 'integer' }, buckets: { type: 'array', items: bucketSchema } },
};

export const networkReportSchema = {
  type: 'object',
  properties: {
    ...header,
    stationIds: {
      type: 'array',
      items: { type: 'string' },
      description: 'The stations included: every known one, or the known ones of the stationIds filter',
    },
    buckets: { type: 'array', items: bucketSchema },
  },
};

export const stationsReportSchema = { type: 'object', properties: { ...header, items: { type: 'array', items: stationReportSchema } } };
export const oneStationReportSchema = { type: 'object', properties: { ...header, ...stationReportSchema.properties } };
