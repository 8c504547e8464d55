import type { SchemaObject } from '@nestjs/swagger';
import { listQuerySchema, pageSchema } from '@voltlane/api-kit';

const schema = (object: object): SchemaObject => object;
const timestamp = { type: 'string', format: 'date-time' };

export const uploadsQuerySchema = schema(
  listQuerySchema({
    kind: { type: 'string', enum: ['diagnostics', 'log'], description: 'GetDiagnostics (diagnostics) or GetLog (log) uploads' },
  }),
);
export const firmwareListQuerySchema = schema(listQuerySchema({}));

export const firmwareUploadQuerySchema = schema({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120, description: 'What the image is, e.g. VL-AC22 main firmware' },
    version: { type: 'string', minLength: 1, maxLength: 64, description: 'Firmware version, e.g. 1.4.2' },
    fileName: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9._-]+$',
      description: 'File name stations see at the end of the URL (default <name>-<version>.bin)',
    },
  },
});

export const uploadViewSchema = schema({
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    stationId: { type: 'string' },
    kind: { type: 'string', enum: ['diagnostics', 'log'] },
    requestId: { type: 'integer', nullable: true },
    state: { type: 'string', enum: ['Requested', 'Rejected', 'Received', 'Expired'] },
    requestStatus: { type: 'string', nullable: true, description: "The station's answer to the request" },
    announcedFileName: { type: 'string', nullable: true },
    createdAt: timestamp,
    expiresAt: timestamp,
    maxBytes: { type: 'integer' },
    file: {
      type: 'object',
      nullable: true,
      properties: {
        name: { type: 'string' },
        contentType: { type: 'string' },
        size: { type: 'integer' },
        sha256: { type: 'string' },
        receivedAt: timestamp,
        contentUrl: { type: 'string' },
      },
    },
    notifications: { type: 'array', items: { type: 'object', properties: { status: { type: 'string' }, receivedAt: timestamp } } },
  },
});
export const uploadsPageSchema = schema(pageSchema(uploadViewSchema as Record<string, unknown>));

export const firmwareImageSchema = schema({
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    version: { type: 'string' },
    fileName: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    createdAt: timestamp,
    uploadedBy: { type: 'string', nullable: true },
    downloadPath: {
      type: 'string',
      description: 'Below FILES_PUBLIC_URL: where stations download the image (no API key; the token is in the path)',
    },
  },
});
export const firmwarePageSchema = schema(pageSchema(firmwareImageSchema as Record<string, unknown>));

export const firmwareStatusSchema = schema({
  type: 'object',
  properties: {
    stationId: { type: 'string' },
    status: { type: 'string', nullable: true },
    finished: { type: 'boolean' },
    request: {
      type: 'object',
      nullable: true,
      properties: {
        action: { type: 'string' },
        requestId: { type: 'integer', nullable: true },
        location: { type: 'string', nullable: true },
        firmwareId: { type: 'string', nullable: true },
        status: { type: 'string', nullable: true },
        sentAt: timestamp,
      },
    },
    flow: {
      type: 'array',
      items: {
        type: 'object',
        properties: { status: { type: 'string' }, requestId: { type: 'integer', nullable: true }, receivedAt: timestamp },
      },
    },
  },
});
