import type { SchemaObject } from '@nestjs/swagger';
import { FRAME_DIRECTIONS } from '@voltlane/contracts';
import { MESSAGE_TYPES, MAX_MESSAGE_ID_LENGTH } from '../domain/ocpp-frame-classification';

const schema = (object: object): SchemaObject => object;

/** The longest window one request may ask for. */
export const MAX_WINDOW_MS = 7 * 86_400_000;
/** The window when `from` is not given: the hour before `to`. */
export const DEFAULT_WINDOW_MS = 3_600_000;

/** GET /api/v1/stations/{id}/messages (validated by SchemaPipe, coerced; documents the parameters). */
export const stationMessagesQuerySchema = schema({
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', format: 'date-time', description: 'Frames at or after (inclusive); default: an hour before `to`' },
    to: { type: 'string', format: 'date-time', description: 'Frames before (exclusive); default: now. At most 7 days after `from`' },
    action: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: 'Only frames of this OCPP action (CALLs, and answers whose CALL is known)',
    },
    messageId: { type: 'string', minLength: 1, maxLength: MAX_MESSAGE_ID_LENGTH, description: 'Only frames with this OCPP message id' },
    direction: { type: 'string', enum: FRAME_DIRECTIONS, description: '`in`: sent by the station; `out`: sent to it' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200, description: 'Page size' },
    after: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'The `next` cursor of the previous page (opaque)',
    },
  },
});

export interface StationMessagesQuery {
  from?: string;
  to?: string;
  action?: string;
  messageId?: string;
  direction?: (typeof FRAME_DIRECTIONS)[number];
  limit: number;
  after?: string;
}

export const messageLogItemSchema = schema({
  type: 'object',
  required: ['at', 'direction', 'messageType', 'messageId', 'action', 'connectionId', 'frame', 'truncated'],
  properties: {
    at: { type: 'string', format: 'date-time', description: 'When the gateway received or sent the frame' },
    direction: { type: 'string', enum: FRAME_DIRECTIONS },
    messageType: {
      type: 'string',
      enum: [...Object.values(MESSAGE_TYPES), null],
      nullable: true,
      description: 'The OCPP-J message type; null when the frame is not an OCPP-J array',
    },
    messageId: { type: 'string', nullable: true },
    action: { type: 'string', nullable: true, description: 'The OCPP action when the gateway knew it' },
    connectionId: { type: 'string', description: 'The WebSocket connection the frame went over' },
    frame: {
      description:
        'The frame parsed as JSON (an OCPP-J array), or its text when it is not JSON (e.g. cut short: `truncated`): any JSON value',
    },
    truncated: { type: 'boolean', description: 'The frame was longer than the gateway logs; `frame` is its beginning' },
  },
});

export const messageLogPageSchema = schema({
  type: 'object',
  required: ['items', 'next'],
  properties: {
    items: { type: 'array', items: messageLogItemSchema },
    next: { type: 'string', nullable: true, description: 'Cursor of the next page (`after`); null on the last page' },
  },
});
