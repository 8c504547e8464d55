import type { SchemaObject } from '@nestjs/swagger';
import { listQuerySchema } from '@voltlane/api-kit';
import { STATION_ID_PATTERN } from './station-api.schemas';

const schema = (object: object): SchemaObject => object;
const timestamp = { type: 'string', format: 'date-time' };
const nullableString = { type: 'string', nullable: true };

export const FAULT_SOURCES = ['StatusNotification', 'NotifyEvent', 'SecurityEvent', 'Offline'] as const;
export const FAULT_STATES = ['open', 'resolved'] as const;
export const FAULT_ID_PATTERN = '^[1-9][0-9]{0,17}$';

const faultFilters = {
  state: { type: 'string', enum: FAULT_STATES },
  source: { type: 'string', enum: FAULT_SOURCES },
  code: {
    type: 'string',
    minLength: 1,
    maxLength: 255,
    description: 'Exact code (1.6 errorCode, Faulted, Component/Variable, security event type, Offline)',
  },
  from: { ...timestamp, description: 'First seen at or after (inclusive)' },
  to: { ...timestamp, description: 'First seen before (exclusive)' },
};

/** GET /api/v1/faults. */
export const faultListQuerySchema = schema(
  listQuerySchema({ stationId: { type: 'string', minLength: 1, maxLength: 48, pattern: STATION_ID_PATTERN }, ...faultFilters }),
);
/** GET /api/v1/stations/{id}/faults. */
export const stationFaultListQuerySchema = schema(listQuerySchema(faultFilters));

export const faultSchema = schema({
  type: 'object',
  required: ['id', 'stationId', 'evseId', 'connectorId', 'source', 'code', 'state', 'firstSeenAt', 'lastSeenAt', 'occurrences'],
  properties: {
    id: { type: 'string' },
    stationId: { type: 'string' },
    evseId: { type: 'integer', description: '2.x EVSE id; 0 on 1.6 and for the whole station' },
    connectorId: { type: 'integer', description: '0: the whole station (or EVSE)' },
    source: { type: 'string', enum: FAULT_SOURCES },
    code: { type: 'string' },
    vendorCode: { ...nullableString, description: '1.6 vendorErrorCode, 2.x techCode' },
    info: nullableString,
    protocol: nullableString,
    state: { type: 'string', enum: FAULT_STATES },
    firstSeenAt: timestamp,
    lastSeenAt: timestamp,
    resolvedAt: { ...timestamp, nullable: true },
    resolvedBy: { type: 'string', enum: ['station', 'operator'], nullable: true },
    occurrences: { type: 'integer', description: 'Reports of this fault while it was open' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
});
