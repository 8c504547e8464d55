import { listQuerySchema } from '@voltlane/api-kit';

/** JSON schemas of the customer-service operator API: each validates requests and documents them in OpenAPI. */

/** The one problem schema of the operator API (issue #16), under the name this service's code imports. */
export { problemSchema } from '@voltlane/api-kit';

export const TOKEN_STATUS_VALUES = ['Accepted', 'Blocked', 'Expired', 'Invalid'];
const tokenType = {
  type: 'string',
  pattern: '^[A-Za-z0-9]{1,20}$',
  description: 'Token type (2.0.1 IdTokenEnumType, e.g. ISO14443, eMAID, Central); default ISO14443',
};
const tokenValue = {
  type: 'string',
  maxLength: 36,
  description: 'Token value (case-insensitive; a 1.6 station can present at most 20 characters)',
};
const idTokenRef = {
  type: 'object',
  additionalProperties: false,
  required: ['idToken', 'type'],
  properties: { idToken: { type: 'string', minLength: 1, maxLength: 36 }, type: tokenType },
};

export const customerBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
};

export const customerSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const customerListQuerySchema = listQuerySchema({
  name: { type: 'string', maxLength: 200, description: 'Part of the name (case-insensitive, plain text)' },
});

const tokenSettable = {
  customerId: { type: 'string', format: 'uuid', nullable: true, description: 'Owning customer; null detaches' },
  status: { type: 'string', enum: TOKEN_STATUS_VALUES },
  expiryDate: {
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'After this instant the token answers Expired; null = no end',
  },
  groupIdToken: { ...idTokenRef, nullable: true, description: 'Group (1.6 parentIdTag, 2.x groupIdToken); null removes it' },
  maxActiveSessions: {
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    nullable: true,
    description: 'Concurrent sessions allowed (ConcurrentTx beyond); null = no limit',
  },
};

export const tokenCreateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['idToken'],
  properties: { idToken: tokenValue, type: tokenType, ...tokenSettable },
};

export const tokenUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: tokenSettable,
};

export const tokenSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: '`<type>:<VALUE>` (read-only identity)' },
    idToken: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string', enum: TOKEN_STATUS_VALUES },
    customerId: { type: 'string', nullable: true },
    expiryDate: { type: 'string', format: 'date-time', nullable: true },
    groupIdToken: { ...idTokenRef, nullable: true },
    maxActiveSessions: { type: 'integer', nullable: true },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const tokenListQuerySchema = listQuerySchema({
  customerId: { type: 'string', format: 'uuid', description: 'Tokens of this customer' },
  status: { type: 'string', enum: TOKEN_STATUS_VALUES },
  type: tokenType,
  idToken: { type: 'string', minLength: 1, maxLength: 36, description: 'Exact value (case-insensitive)' },
  groupIdToken: { type: 'string', minLength: 1, maxLength: 36, description: 'Tokens of this group (its value)' },
  expired: { type: 'boolean', description: 'true: expiry passed; false: no expiry or not yet' },
});

export const commandQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 120000, default: 30000, description: 'How long to wait for the station (ms)' },
  },
};

export const sendLocalListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['updateType'],
  properties: {
    updateType: { type: 'string', enum: ['Full', 'Differential'] },
    versionNumber: {
      type: 'integer',
      minimum: 1,
      maximum: 2147483647,
      description: 'Default: the stored version + 1 (0 and -1 are reserved by OCPP)',
    },
    groupIdToken: { ...idTokenRef, description: 'Only the tokens of this group (default: every Accepted, unexpired token)' },
    tokens: {
      type: 'array',
      maxItems: 10000,
      description: 'Stored tokens to send instead; in a Differential update `remove: true` removes one from the station list',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['idToken'],
        properties: { idToken: { type: 'string', minLength: 1, maxLength: 36 }, type: tokenType, remove: { type: 'boolean' } },
      },
    },
  },
};

export const localListSchema = {
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    version: { type: 'integer', description: 'Version the station holds as far as the CSMS knows (0 = none)' },
    protocol: { type: 'string', nullable: true },
    entries: {
      type: 'array',
      items: { type: 'object' },
      description: 'The list in the station version (1.6 idTag/idTagInfo, 2.x idToken/idTokenInfo)',
    },
    size: { type: 'integer' },
    lastUpdateType: { type: 'string', nullable: true },
    lastStatus: {
      type: 'string',
      nullable: true,
      description: 'Last SendLocalList status: Accepted, Failed, VersionMismatch or NotSupported',
    },
    lastRequestedVersion: { type: 'integer', nullable: true },
    lastCommandAt: { type: 'string', format: 'date-time', nullable: true },
    reportedVersion: { type: 'integer', nullable: true, description: 'Last GetLocalListVersion answer (-1 = not supported)' },
    reportedAt: { type: 'string', format: 'date-time', nullable: true },
    updatedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

export function commandAnswerSchema(
  result: Record<string, unknown> = { type: 'object' },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'object', required: ['protocol', 'result'], properties: { protocol: { type: 'string' }, result, ...extra } };
}
