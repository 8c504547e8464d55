import type { SchemaObject } from '@nestjs/swagger';
import { STATION_ID_PATTERN, listQuerySchema } from '@voltlane/api-kit';

const schema = (object: object): SchemaObject => object;

/** JSON schemas of the station API: they validate requests (SchemaPipe) and document them (OpenAPI). */

export { STATION_ID_PATTERN };
const stationId = { type: 'string', minLength: 1, maxLength: 48, pattern: STATION_ID_PATTERN };
const bootStatus = { type: 'string', enum: ['Accepted', 'Pending', 'Rejected'] };
const protocol = { type: 'string', enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] };
const timestamp = { type: 'string', format: 'date-time' };
const nullableTimestamp = { type: 'string', format: 'date-time', nullable: true };
const nullableString = { type: 'string', nullable: true };

const credentialsProperties = {
  securityProfile: {
    type: 'integer',
    enum: [0, 1, 2, 3],
    description: '0 none, 1 Basic auth, 2 TLS + Basic auth, 3 TLS + client certificate',
  },
  password: {
    type: 'string',
    minLength: 16,
    maxLength: 40,
    description: 'Basic-auth password (profiles 1 and 2); stored hashed, never returned',
  },
  certificateSubject: {
    type: 'string',
    minLength: 1,
    maxLength: 255,
    description: 'Expected client-certificate subject CN (profile 3; default: the station id)',
  },
};

export const credentialsBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['securityProfile'],
  properties: credentialsProperties,
});

export const createStationBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'credentials'],
  properties: {
    id: stationId,
    credentials: credentialsBodySchema,
    bootPolicy: { ...bootStatus, nullable: true, description: 'Answer to its BootNotifications (null: the default policy)' },
  },
});

export const bootPolicyBodySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['policy'],
  properties: { policy: { type: ['string', 'null'], enum: ['Accepted', 'Pending', 'Rejected', null] } },
});
export const bootPolicyOpenApi = schema({
  type: 'object',
  required: ['policy'],
  properties: { policy: { ...bootStatus, nullable: true } },
});

const booleanQuery = { type: 'boolean' };
const timeRange = {
  from: { ...timestamp, description: 'Inclusive lower bound' },
  to: { ...timestamp, description: 'Exclusive upper bound' },
};

export const stationListQuerySchema = schema(
  listQuerySchema({
    online: booleanQuery,
    protocol,
    status: { ...bootStatus, description: 'Boot status' },
    connectorStatus: { type: 'string', minLength: 1, maxLength: 32, description: 'Some connector currently has this status' },
    search: { type: 'string', minLength: 1, maxLength: 48, description: 'Station id prefix' },
    vendor: { type: 'string', minLength: 1, maxLength: 50, description: 'Vendor (as the station reported it at boot), any letter case' },
    ids: {
      type: 'string',
      pattern: '^[A-Za-z0-9._:@*+|-]{1,48}(,[A-Za-z0-9._:@*+|-]{1,48}){0,199}$',
      description: 'Only these stations: comma-separated ids, at most 200 (e.g. the stations of a site)',
    },
  }),
);
export const configurationQuerySchema = schema(listQuerySchema({ key: { type: 'string', minLength: 1, maxLength: 50 } }));
export const deviceModelQuerySchema = schema(
  listQuerySchema({
    component: { type: 'string', minLength: 1, maxLength: 50 },
    variable: { type: 'string', minLength: 1, maxLength: 50 },
  }),
);
export const statusHistoryQuerySchema = schema(
  listQuerySchema({ ...timeRange, evseId: { type: 'integer', minimum: 0 }, connectorId: { type: 'integer', minimum: 0 } }),
);
export const timeRangeQuerySchema = schema(listQuerySchema(timeRange));
export const reportsQuerySchema = schema(
  listQuerySchema({ kind: { type: 'string', enum: ['Report', 'Monitoring', 'CustomerInformation', 'DisplayMessages'] } }),
);
export const commandsQuerySchema = schema(listQuerySchema({ ...timeRange, action: { type: 'string', pattern: '^[A-Za-z0-9]{1,64}$' } }));
export const plainListQuerySchema = schema(listQuerySchema({}));

// ---- response documentation ----

/** What a connector status report says: a connector's current status and every history row carry it. */
const connectorStatusProperties = {
  status: { type: 'string' },
  errorCode: nullableString,
  info: nullableString,
  vendorErrorCode: nullableString,
  source: { type: 'string' },
  statusAt: timestamp,
};

export const connectorSchema = schema({
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    evseId: { type: 'integer' },
    connectorId: { type: 'integer' },
    ...connectorStatusProperties,
    updatedAt: timestamp,
  },
});

const stationProperties = {
  id: { type: 'string' },
  provisioned: { type: 'boolean' },
  bootPolicy: { ...bootStatus, nullable: true },
  bootStatus: { ...bootStatus, nullable: true },
  bootReason: nullableString,
  lastBootAt: nullableTimestamp,
  protocol: { ...protocol, nullable: true },
  vendor: nullableString,
  model: nullableString,
  serialNumber: nullableString,
  firmwareVersion: nullableString,
  iccid: nullableString,
  imsi: nullableString,
  meterType: nullableString,
  meterSerialNumber: nullableString,
  online: { type: 'boolean' },
  connectionId: nullableString,
  gatewayInstance: nullableString,
  securityProfile: { type: 'integer', nullable: true },
  connectedAt: nullableTimestamp,
  disconnectedAt: nullableTimestamp,
  lastSeenAt: nullableTimestamp,
  firmwareStatus: nullableString,
  diagnosticsStatus: nullableString,
  logStatus: nullableString,
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const stationSummarySchema = schema({
  type: 'object',
  properties: {
    ...stationProperties,
    connectors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { evseId: { type: 'integer' }, connectorId: { type: 'integer' }, status: { type: 'string' }, statusAt: timestamp },
      },
    },
  },
});

export const credentialViewSchema = schema({
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    securityProfile: { type: 'integer' },
    passwordSet: { type: 'boolean', description: 'Whether a Basic-auth password is set (it is never shown)' },
    certificateSubject: nullableString,
    updatedAt: timestamp,
  },
});

export const stationDetailSchema = schema({
  type: 'object',
  properties: {
    ...stationProperties,
    evses: {
      type: 'array',
      items: { type: 'object', properties: { evseId: { type: 'integer' }, connectors: { type: 'array', items: connectorSchema } } },
    },
    availability: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          evseId: { type: 'integer' },
          connectorId: { type: 'integer' },
          operationalStatus: { type: 'string', enum: ['Operative', 'Inoperative'] },
          responseStatus: { type: 'string', enum: ['Accepted', 'Scheduled'] },
          updatedAt: timestamp,
        },
      },
    },
    credentials: { ...credentialViewSchema, nullable: true },
  },
});

export const configurationKeySchema = schema({
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    key: { type: 'string' },
    value: nullableString,
    readonly: { type: 'boolean' },
    updatedAt: timestamp,
  },
});

export const deviceVariableSchema = schema({
  type: 'object',
  properties: {
    componentName: { type: 'string' },
    componentInstance: { type: 'string' },
    evseId: { type: 'integer' },
    connectorId: { type: 'integer' },
    variableName: { type: 'string' },
    variableInstance: { type: 'string' },
    attributes: { type: 'array', items: { type: 'object' } },
    characteristics: { type: 'object', nullable: true },
    requestId: { type: 'integer', description: 'The report it came from (-1: a GetVariables/SetVariables result)' },
    updatedAt: timestamp,
  },
});

export const statusHistorySchema = schema({
  type: 'object',
  properties: {
    evseId: { type: 'integer' },
    connectorId: { type: 'integer' },
    ...connectorStatusProperties,
    applied: { type: 'boolean', description: 'False when a newer status was already known' },
    receivedAt: timestamp,
  },
});

export const genericRecordSchema = schema({ type: 'object', additionalProperties: true });

export const commandRecordSchema = schema({
  type: 'object',
  properties: {
    id: { type: 'string' },
    correlationId: { type: 'string' },
    action: { type: 'string' },
    protocol: nullableString,
    requestId: { type: 'integer', nullable: true },
    fileName: nullableString,
    status: nullableString,
    request: { type: 'object' },
    response: { type: 'object', nullable: true },
    sentBy: { type: 'string' },
    sentAt: timestamp,
    answeredAt: timestamp,
  },
});

export const requestsPageSchema = schema({
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        ...commandRecordSchema,
        properties: { ...(commandRecordSchema.properties ?? {}), notifications: { type: 'array', items: genericRecordSchema } },
      },
    },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    unlinked: { type: 'array', items: genericRecordSchema, description: 'Notifications not following any request (e.g. triggered)' },
  },
});

/** The one problem schema of the operator API (issue #16), under the name this service's code imports. */
export { problemSchema } from '@voltlane/api-kit';
