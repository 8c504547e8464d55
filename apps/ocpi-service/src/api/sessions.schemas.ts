// OpenAPI schemas of the sessions part: the OCPI Session and CDR (as this CPO fills them) and the
// operator views of a roaming session and CDR.
import { ocpiAddressProperties } from './push-api.schemas';

const price = {
  type: 'object',
  required: ['excl_vat'],
  properties: { excl_vat: { type: 'number' }, incl_vat: { type: 'number' } },
};
const cdrToken = {
  type: 'object',
  required: ['country_code', 'party_id', 'uid', 'type', 'contract_id'],
  properties: {
    country_code: { type: 'string', maxLength: 2 },
    party_id: { type: 'string', maxLength: 3 },
    uid: { type: 'string', maxLength: 36 },
    type: { type: 'string', enum: ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] },
    contract_id: { type: 'string', maxLength: 36 },
  },
};
const chargingPeriod = {
  type: 'object',
  required: ['start_date_time', 'dimensions'],
  properties: {
    start_date_time: { type: 'string', format: 'date-time' },
    dimensions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'volume'],
        properties: { type: { type: 'string', enum: ['ENERGY', 'TIME', 'PARKING_TIME'] }, volume: { type: 'number' } },
      },
    },
    tariff_id: { type: 'string', maxLength: 36 },
  },
};
const authMethod = { type: 'string', enum: ['AUTH_REQUEST', 'COMMAND', 'WHITELIST'] };

export const ocpiSessionSchema: Record<string, unknown> = {
  type: 'object',
  description: 'OCPI 2.2.1 Session (mod_sessions)',
  required: [
    'country_code',
    'party_id',
    'id',
    'start_date_time',
    'kwh',
    'cdr_token',
    'auth_method',
    'location_id',
    'evse_uid',
    'connector_id',
    'currency',
    'status',
    'last_updated',
  ],
  properties: {
    country_code: { type: 'string', maxLength: 2 },
    party_id: { type: 'string', maxLength: 3 },
    id: { type: 'string', maxLength: 36 },
    start_date_time: { type: 'string', format: 'date-time' },
    end_date_time: { type: 'string', format: 'date-time' },
    kwh: { type: 'number' },
    cdr_token: cdrToken,
    auth_method: authMethod,
    authorization_reference: { type: 'string', maxLength: 36 },
    location_id: { type: 'string', maxLength: 36 },
    evse_uid: { type: 'string', maxLength: 36 },
    connector_id: { type: 'string', maxLength: 36 },
    currency: { type: 'string', maxLength: 3 },
    charging_periods: { type: 'array', items: chargingPeriod },
    total_cost: price,
    status: { type: 'string', enum: ['ACTIVE', 'COMPLETED', 'INVALID', 'PENDING', 'RESERVATION'] },
    last_updated: { type: 'string', format: 'date-time' },
  },
};

export const ocpiCdrSchema: Record<string, unknown> = {
  type: 'object',
  description: 'OCPI 2.2.1 CDR (mod_cdrs)',
  required: [
    'country_code',
    'party_id',
    'id',
    'start_date_time',
    'end_date_time',
    'cdr_token',
    'auth_method',
    'cdr_location',
    'currency',
    'charging_periods',
    'total_cost',
    'total_energy',
    'total_time',
    'last_updated',
  ],
  properties: {
    country_code: { type: 'string', maxLength: 2 },
    party_id: { type: 'string', maxLength: 3 },
    id: { type: 'string', maxLength: 39 },
    start_date_time: { type: 'string', format: 'date-time' },
    end_date_time: { type: 'string', format: 'date-time' },
    session_id: { type: 'string', maxLength: 36 },
    cdr_token: cdrToken,
    auth_method: authMethod,
    authorization_reference: { type: 'string', maxLength: 36 },
    cdr_location: {
      type: 'object',
      description: 'CdrLocation: the location with the EVSE and connector charged at',
      required: [
        'id',
        'address',
        'city',
        'country',
        'coordinates',
        'evse_uid',
        'evse_id',
        'connector_id',
        'connector_standard',
        'connector_format',
        'connector_power_type',
      ],
      properties: {
        id: { type: 'string' },
        ...ocpiAddressProperties,
        evse_uid: { type: 'string' },
        evse_id: { type: 'string' },
        connector_id: { type: 'string' },
        connector_standard: { type: 'string' },
        connector_format: { type: 'string' },
        connector_power_type: { type: 'string' },
      },
    },
    currency: { type: 'string', maxLength: 3 },
    tariffs: { type: 'array', items: { type: 'object', description: 'OCPI Tariff (mod_tariffs), as at the session start' } },
    charging_periods: { type: 'array', items: chargingPeriod },
    total_cost: price,
    total_fixed_cost: price,
    total_energy: { type: 'number' },
    total_energy_cost: price,
    total_time: { type: 'number', description: 'hours' },
    total_time_cost: price,
    total_parking_time: { type: 'number', description: 'hours' },
    total_parking_cost: price,
    remark: { type: 'string', maxLength: 255 },
    last_updated: { type: 'string', format: 'date-time' },
  },
};

const routing = {
  partnerId: {
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The partner its pushes go to (null: no partner receives them: pulls only)',
  },
  emsp: {
    type: 'object',
    required: ['countryCode', 'partyId'],
    properties: { countryCode: { type: 'string' }, partyId: { type: 'string' } },
    description: 'The eMSP party of its token',
  },
};
const delivery = {
  type: 'object',
  nullable: true,
  description: 'The latest push of it to the partner (null: none queued)',
  required: ['method', 'createdAt', 'attempts', 'sentAt', 'lastError'],
  properties: {
    method: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    attempts: { type: 'integer' },
    sentAt: { type: 'string', format: 'date-time', nullable: true },
    lastError: { type: 'string', nullable: true },
  },
};

export const roamingSessionSchema: Record<string, unknown> = {
  type: 'object',
  required: ['session', 'partnerId', 'emsp', 'stationId', 'delivery'],
  properties: { session: ocpiSessionSchema, ...routing, stationId: { type: 'string' }, delivery },
};

export const roamingCdrSchema: Record<string, unknown> = {
  type: 'object',
  required: ['cdr', 'partnerId', 'emsp', 'emspLocation', 'delivery'],
  properties: {
    cdr: ocpiCdrSchema,
    ...routing,
    emspLocation: {
      type: 'string',
      nullable: true,
      description: "The CDR's URL at the eMSP (the Location header of its answer); null until it took it",
    },
    delivery,
  },
};
