import type { SchemaObject } from '@nestjs/swagger';
import { STATION_ID_PATTERN, listQuerySchema } from '@voltlane/api-kit';
import { LOCATION_ID_PATTERN } from '../application/locations/location-input';
import {
  OCPI_CONNECTOR_FORMATS,
  OCPI_CONNECTOR_TYPES,
  OCPI_EVSE_STATUSES,
  OCPI_PARKING_TYPES,
  OCPI_POWER_TYPES,
} from '../domain/location-mapping';

/**
 * JSON schemas of the push part's operator API (locations, pushes) and of the OCPI objects it
 * serves: they validate requests (SchemaPipe: a 400 problem naming the field) and document them.
 */
const schema = (object: object): SchemaObject & Record<string, unknown> => object as SchemaObject & Record<string, unknown>;

export { LOCATION_ID_PATTERN };
const timestamp = { type: 'string', format: 'date-time' };
const nullableTimestamp = { type: 'string', format: 'date-time', nullable: true };
const text = (maxLength: number, description?: string) => ({
  type: 'string',
  minLength: 1,
  maxLength,
  ...(description ? { description } : {}),
});

const connectorSpec = {
  type: 'object',
  additionalProperties: false,
  properties: {
    standard: { type: 'string', enum: [...OCPI_CONNECTOR_TYPES], description: 'OCPI ConnectorType (default IEC_62196_T2)' },
    format: { type: 'string', enum: [...OCPI_CONNECTOR_FORMATS], description: 'SOCKET or CABLE (default SOCKET)' },
    powerType: { type: 'string', enum: [...OCPI_POWER_TYPES], description: 'default AC_3_PHASE' },
    maxVoltage: { type: 'integer', minimum: 1, maximum: 2000, description: 'V, line to neutral for AC_3_PHASE (default 230)' },
    maxAmperage: { type: 'integer', minimum: 1, maximum: 2000, description: 'A (default 32)' },
    maxElectricPower: { type: 'integer', minimum: 1, maximum: 2_000_000, description: 'W, when lower than voltage × amperage allows' },
  },
};

const locationFields = {
  name: text(255, 'Display name'),
  address: text(255, 'Street and house number'),
  city: text(45),
  postalCode: text(10),
  state: text(45),
  country: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 (NLD, DEU …)' },
  latitude: { type: 'string', pattern: '^-?[0-9]{1,2}\\.[0-9]{5,7}$', description: 'Decimal degrees, 5–7 decimals (52.090737)' },
  longitude: { type: 'string', pattern: '^-?[0-9]{1,3}\\.[0-9]{5,7}$', description: 'Decimal degrees, 5–7 decimals (5.121420)' },
  timeZone: text(64, 'IANA time zone (Europe/Amsterdam)'),
  parkingType: { type: 'string', enum: [...OCPI_PARKING_TYPES] },
  publish: { type: 'boolean', description: 'May apps and websites show it (default true)' },
};

export const locationPutSchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['address', 'city', 'country', 'latitude', 'longitude', 'timeZone', 'stations'],
  properties: {
    ...locationFields,
    stations: {
      type: 'array',
      maxItems: 100,
      description: 'The stations at the location; each EVSE of a station (1.6: each connector) is one OCPI EVSE',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stationId'],
        properties: {
          stationId: { type: 'string', pattern: STATION_ID_PATTERN },
          evseCount: { type: 'integer', minimum: 1, maximum: 100, description: 'Its EVSEs 1…evseCount (default 1)' },
        },
      },
    },
    connector: { ...connectorSpec, description: 'What every connector of the location is (one per EVSE)' },
  },
});

const evseView = {
  type: 'object',
  required: ['uid', 'evseId', 'stationId', 'stationEvseId', 'status', 'lastUpdated'],
  properties: {
    uid: { type: 'string', description: 'OCPI EVSE uid: <stationId>-<evseId> (a hash when longer than 36)' },
    evseId: { type: 'string', description: 'eMI3 EVSE ID (OCPI evse_id)' },
    stationId: { type: 'string' },
    stationEvseId: { type: 'integer', description: 'The EVSE id at the station (1.6: connector id)' },
    status: { type: 'string', enum: [...OCPI_EVSE_STATUSES] },
    tariffIds: { type: 'array', items: { type: 'string' } },
    lastUpdated: timestamp,
  },
};

export const locationSchema = schema({
  type: 'object',
  required: [
    'locationId',
    'address',
    'city',
    'country',
    'latitude',
    'longitude',
    'timeZone',
    'publish',
    'stations',
    'connector',
    'evses',
    'lastUpdated',
  ],
  properties: {
    locationId: { type: 'string', pattern: LOCATION_ID_PATTERN },
    ...locationFields,
    name: { type: 'string', nullable: true },
    postalCode: { type: 'string', nullable: true },
    state: { type: 'string', nullable: true },
    parkingType: { type: 'string', nullable: true },
    stations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          stationId: { type: 'string' },
          evseCount: { type: 'integer' },
          tariffIds: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    connector: connectorSpec,
    evses: { type: 'array', items: evseView, description: 'Its EVSEs as partners see them' },
    createdAt: timestamp,
    lastUpdated: { ...timestamp, description: 'OCPI last_updated (moves with every EVSE change too)' },
  },
});

export const locationListQuerySchema = schema(listQuerySchema({}));

export const pushListQuerySchema = schema(
  listQuerySchema({
    partnerId: { type: 'string', format: 'uuid', description: 'Only this partner’s pushes' },
    pending: { type: 'boolean', description: 'true: only those not delivered yet (oldest first); false: only delivered or dropped' },
    objectKey: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Only this object’s (location:<id>, tariff:<id>, session:<id> …)',
    },
  }),
);

const pushResponse = {
  type: 'object',
  nullable: true,
  description: 'The partner’s last answer (or why the push was dropped)',
  properties: {
    httpStatus: { type: 'integer' },
    statusCode: { type: 'integer', description: 'OCPI status_code' },
    statusMessage: { type: 'string' },
    location: { type: 'string', description: 'The Location header (a CDR POST)' },
    dropped: { type: 'string' },
  },
};

export const pushSchema = schema({
  type: 'object',
  required: ['pushId', 'partnerId', 'state', 'module', 'objectKey', 'method', 'attempts', 'createdAt'],
  properties: {
    pushId: { type: 'integer' },
    partnerId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['pending', 'sent', 'dropped'] },
    module: { type: 'string' },
    objectKey: { type: 'string', description: 'Pushes of one object go in order' },
    method: { type: 'string', enum: ['PUT', 'PATCH', 'POST', 'DELETE'] },
    path: { type: 'string', nullable: true, description: 'After the partner’s RECEIVER URL of the module' },
    url: { type: 'string', nullable: true, description: 'An absolute URL instead (a command result)' },
    attempts: { type: 'integer', description: 'Failed attempts so far' },
    nextAttemptAt: { ...nullableTimestamp, description: 'Pending: when it is tried next' },
    lastAttemptAt: { ...nullableTimestamp, description: 'When it was last tried' },
    lastError: { type: 'string', nullable: true },
    response: pushResponse,
    createdAt: timestamp,
    sentAt: { ...nullableTimestamp, description: 'Delivered (or dropped) at' },
    body: { description: 'GET …/pushes/{pushId} only: what is sent' },
  },
});

export const backlogSchema = schema({
  type: 'object',
  required: ['partners'],
  properties: {
    partners: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          partnerId: { type: 'string', format: 'uuid' },
          pending: { type: 'integer' },
          failing: { type: 'integer', description: 'Pending pushes that failed at least once' },
          oldestPendingAt: nullableTimestamp,
          nextAttemptAt: nullableTimestamp,
          lastError: { type: 'string', nullable: true },
        },
      },
    },
  },
});

export const backlogQuerySchema = schema({
  type: 'object',
  additionalProperties: false,
  properties: { partnerId: { type: 'string', format: 'uuid' } },
});

export const retrySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['partnerId'],
  properties: { partnerId: { type: 'string', format: 'uuid' } },
});

export const retriedSchema = schema({
  type: 'object',
  required: ['due'],
  properties: { due: { type: 'integer', description: 'Pushes made due now' } },
});

export const dropSchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: text(500, 'Why it is given up (kept as its last error)') },
});

/** OCPI objects as served to partners (documentation only). */
const ocpiConnector = {
  type: 'object',
  required: ['id', 'standard', 'format', 'power_type', 'max_voltage', 'max_amperage', 'last_updated'],
  properties: {
    id: { type: 'string' },
    standard: { type: 'string', enum: [...OCPI_CONNECTOR_TYPES] },
    format: { type: 'string', enum: [...OCPI_CONNECTOR_FORMATS] },
    power_type: { type: 'string', enum: [...OCPI_POWER_TYPES] },
    max_voltage: { type: 'integer' },
    max_amperage: { type: 'integer' },
    max_electric_power: { type: 'integer' },
    tariff_ids: { type: 'array', items: { type: 'string' } },
    last_updated: timestamp,
  },
};
const ocpiEvse = {
  type: 'object',
  required: ['uid', 'status', 'connectors', 'last_updated'],
  properties: {
    uid: { type: 'string' },
    evse_id: { type: 'string' },
    status: { type: 'string', enum: [...OCPI_EVSE_STATUSES] },
    capabilities: { type: 'array', items: { type: 'string' } },
    connectors: { type: 'array', items: ocpiConnector },
    last_updated: timestamp,
  },
};
/** The address fields of an OCPI Location, which a CDR's CdrLocation repeats. */
export const ocpiAddressProperties = {
  name: { type: 'string' },
  address: { type: 'string' },
  city: { type: 'string' },
  postal_code: { type: 'string' },
  state: { type: 'string' },
  country: { type: 'string' },
  coordinates: { type: 'object', properties: { latitude: { type: 'string' }, longitude: { type: 'string' } } },
};
export const ocpiConnectorSchema = schema(ocpiConnector);
export const ocpiEvseSchema = schema(ocpiEvse);
export const ocpiLocationSchema = schema({
  type: 'object',
  required: ['country_code', 'party_id', 'id', 'publish', 'address', 'city', 'country', 'coordinates', 'time_zone', 'last_updated'],
  properties: {
    country_code: { type: 'string' },
    party_id: { type: 'string' },
    id: { type: 'string' },
    publish: { type: 'boolean' },
    ...ocpiAddressProperties,
    parking_type: { type: 'string', enum: [...OCPI_PARKING_TYPES] },
    evses: { type: 'array', items: ocpiEvse },
    operator: { type: 'object', properties: { name: { type: 'string' } } },
    time_zone: { type: 'string' },
    last_updated: timestamp,
  },
});
const priceComponent = {
  type: 'object',
  required: ['type', 'price', 'step_size'],
  properties: {
    type: { type: 'string', enum: ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] },
    price: { type: 'number', description: 'Excl. VAT: per kWh, per hour, or per session' },
    vat: { type: 'number', description: 'VAT percentage' },
    step_size: { type: 'integer' },
  },
};
export const ocpiTariffSchema = schema({
  type: 'object',
  required: ['country_code', 'party_id', 'id', 'currency', 'elements', 'last_updated'],
  properties: {
    country_code: { type: 'string' },
    party_id: { type: 'string' },
    id: { type: 'string' },
    currency: { type: 'string' },
    tariff_alt_text: { type: 'array', items: { type: 'object', properties: { language: { type: 'string' }, text: { type: 'string' } } } },
    elements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['price_components'],
        properties: {
          price_components: { type: 'array', items: priceComponent },
          restrictions: { type: 'object', properties: { start_time: { type: 'string' }, end_time: { type: 'string' } } },
        },
      },
    },
    start_date_time: timestamp,
    end_date_time: timestamp,
    last_updated: timestamp,
  },
});
