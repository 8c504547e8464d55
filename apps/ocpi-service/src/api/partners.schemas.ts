import type { SchemaObject } from '@nestjs/swagger';
import { listQuerySchema } from '@voltlane/api-kit';

const schema = (object: object): SchemaObject & Record<string, unknown> => object as SchemaObject & Record<string, unknown>;

const PRINTABLE_TOKEN = '^[\\x21-\\x7E]{1,64}$';

export const partnerCreateSchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S', description: 'What the operator calls the partner' },
  },
});

export const partnerRegisterSchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['versionsUrl', 'token'],
  properties: {
    versionsUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      maxLength: 2000,
      description: 'The partner’s OCPI versions endpoint, as it gave it (with its token A)',
    },
    token: { type: 'string', pattern: PRINTABLE_TOKEN, description: 'The partner’s token A (the plain token, not base64)' },
  },
});

export const partnerListQuerySchema = listQuerySchema({
  status: { type: 'string', enum: ['PENDING', 'REGISTERED', 'UNREGISTERED'], description: 'Only partners in this state' },
});

/** An OCPI version details Endpoint (module identifier, interface role, URL). */
export const ocpiEndpointSchema = schema({
  type: 'object',
  required: ['identifier', 'role', 'url'],
  properties: { identifier: { type: 'string' }, role: { type: 'string', enum: ['SENDER', 'RECEIVER'] }, url: { type: 'string' } },
});
const roleSchema = schema({
  type: 'object',
  required: ['role', 'countryCode', 'partyId'],
  properties: {
    role: { type: 'string', example: 'EMSP' },
    countryCode: { type: 'string', example: 'DE' },
    partyId: { type: 'string', example: 'ABC' },
    businessName: { type: 'string' },
  },
});

export const partnerSchema = schema({
  type: 'object',
  required: ['partnerId', 'name', 'status', 'version', 'versionsUrl', 'roles', 'endpoints', 'registeredAt', 'createdAt', 'updatedAt'],
  properties: {
    partnerId: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    status: { type: 'string', enum: ['PENDING', 'REGISTERED', 'UNREGISTERED'] },
    version: { type: 'string', nullable: true, description: 'The OCPI version agreed (2.2.1)' },
    versionsUrl: { type: 'string', nullable: true, description: 'The partner’s versions endpoint' },
    roles: { type: 'array', items: roleSchema, description: 'The parties of its credentials (a hub: many)' },
    endpoints: { type: 'array', items: ocpiEndpointSchema },
    registeredAt: { type: 'string', format: 'date-time', nullable: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
});

export const partnerTokenSchema = schema({
  type: 'object',
  required: ['partnerId', 'tokenA', 'versionsUrl', 'partner'],
  properties: {
    partnerId: { type: 'string', format: 'uuid' },
    tokenA: { type: 'string', description: 'Give it to the partner with versionsUrl (shown once; only its hash is kept)' },
    versionsUrl: { type: 'string', description: 'This CPO’s versions endpoint' },
    partner: partnerSchema,
  },
});

export const partnerUnregisteredSchema = schema({
  type: 'object',
  required: ['partner', 'remote'],
  properties: {
    partner: partnerSchema,
    remote: {
      type: 'object',
      required: ['called'],
      description: 'What the partner answered to our DELETE of the credentials (we unregister whatever it answers)',
      properties: { called: { type: 'boolean' }, ok: { type: 'boolean' }, detail: { type: 'string' }, reason: { type: 'string' } },
    },
  },
});
