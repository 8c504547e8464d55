import type { OcppVersion } from '@voltlane/ocpp';
import { contractValidator } from './contract-validator';

/**
 * Envelopes on the Redis reply channel. Each gateway instance listens on its own channel
 * (`replyChannelOf(instance)`); services listen on theirs for command results.
 */
export const REPLY_CHANNEL_PREFIX = 'voltlane:rc:';
export function replyChannelOf(instanceId: string): string {
  return `${REPLY_CHANNEL_PREFIX}${instanceId}`;
}

/** Service → gateway: the answer to a station CALL (a serialized CALLRESULT or CALLERROR). */
export interface CallReplyEnvelope {
  kind: 'reply';
  stationId: string;
  connectionId: string;
  messageId: string;
  frame: string;
  traceparent?: string;
}

/** Service → gateway: a CSMS-initiated CALL for a station. */
export interface StationCommandEnvelope {
  kind: 'command';
  correlationId: string;
  stationId: string;
  action: string;
  payload: Record<string, unknown>;
  /** Channel that receives the CommandResultEnvelope. */
  replyTo: string;
  timeoutMs: number;
  traceparent?: string;
}

/** Gateway → gateway: close this connection, the station connected elsewhere. */
export interface TakeoverEnvelope {
  kind: 'takeover';
  stationId: string;
  connectionId: string;
}

export type CommandOutcome =
  | 'result' // station answered CALLRESULT with a schema-valid payload
  | 'error' // station answered CALLERROR
  | 'invalid-response' // station answered CALLRESULT whose payload fails the schema
  | 'timeout' // station did not answer in time
  | 'offline' // station not connected to this gateway (any more)
  | 'rejected'; // not sent: see `CommandRejection` for why

/**
 * Why a command was `rejected` (not sent). `queue-full` is temporary: the station already has a
 * call in flight and the gateway's per-station queue is at its limit; the same command may
 * succeed later (see `retryAfterMs`). The others are permanent for that payload and station.
 */
export const COMMAND_REJECTIONS = [
  /** The action is not a CSMS→station action of the station's protocol version. */
  'unsupported-action',
  /** The payload fails the schema of the station's protocol version. */
  'invalid-payload',
  /** The station's command queue is full (GATEWAY_COMMAND_QUEUE_LIMIT). */
  'queue-full',
] as const;
export type CommandRejection = (typeof COMMAND_REJECTIONS)[number];

/** Gateway → command sender: what became of a StationCommandEnvelope. */
export interface CommandResultEnvelope {
  kind: 'command-result';
  correlationId: string;
  stationId: string;
  outcome: CommandOutcome;
  protocol?: OcppVersion;
  payload?: Record<string, unknown>;
  error?: { code: string; description: string; details: Record<string, unknown> };
  /** Human-readable detail; never parse it, use `rejection`. */
  reason?: string;
  /** Set with outcome `rejected`: why the command was not sent (absent from older gateways). */
  rejection?: CommandRejection;
  /** With `queue-full`: the longest the sender should wait before a queue slot frees (the call in flight times out). */
  retryAfterMs?: number;
  request: { action: string; payload: Record<string, unknown> };
  traceparent?: string;
}

export type GatewayChannelEnvelope = CallReplyEnvelope | StationCommandEnvelope | TakeoverEnvelope;

const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const traceparent = { type: 'string', maxLength: 128 } as const;
const object = { type: 'object' } as const;

const callReplySchema = {
  type: 'object',
  required: ['kind', 'stationId', 'connectionId', 'messageId', 'frame'],
  additionalProperties: false,
  properties: {
    kind: { const: 'reply' },
    stationId: id,
    connectionId: id,
    messageId: { type: 'string', minLength: 1, maxLength: 36 },
    frame: { type: 'string', minLength: 2 },
    traceparent,
  },
} as const;

const commandSchema = {
  type: 'object',
  required: ['kind', 'correlationId', 'stationId', 'action', 'payload', 'replyTo', 'timeoutMs'],
  additionalProperties: false,
  properties: {
    kind: { const: 'command' },
    correlationId: id,
    stationId: id,
    action: { type: 'string', minLength: 1, maxLength: 64 },
    payload: object,
    replyTo: { type: 'string', minLength: 1, maxLength: 256 },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000 },
    traceparent,
  },
} as const;

const takeoverSchema = {
  type: 'object',
  required: ['kind', 'stationId', 'connectionId'],
  additionalProperties: false,
  properties: { kind: { const: 'takeover' }, stationId: id, connectionId: id },
} as const;

const commandResultSchema = {
  type: 'object',
  required: ['kind', 'correlationId', 'stationId', 'outcome', 'request'],
  additionalProperties: false,
  properties: {
    kind: { const: 'command-result' },
    correlationId: id,
    stationId: id,
    outcome: { enum: ['result', 'error', 'invalid-response', 'timeout', 'offline', 'rejected'] },
    protocol: { enum: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] },
    payload: object,
    error: {
      type: 'object',
      required: ['code', 'description', 'details'],
      additionalProperties: false,
      properties: { code: { type: 'string' }, description: { type: 'string' }, details: object },
    },
    reason: { type: 'string' },
    rejection: { enum: [...COMMAND_REJECTIONS] },
    retryAfterMs: { type: 'integer', minimum: 0 },
    request: {
      type: 'object',
      required: ['action', 'payload'],
      additionalProperties: false,
      properties: { action: { type: 'string' }, payload: object },
    },
    traceparent,
  },
} as const;

export const parseGatewayChannelEnvelope = contractValidator<GatewayChannelEnvelope>('gateway channel envelope', {
  oneOf: [callReplySchema, commandSchema, takeoverSchema],
});

export const parseCommandResultEnvelope = contractValidator<CommandResultEnvelope>('command result envelope', commandResultSchema);

export const replyChannelSchemas = { callReplySchema, commandSchema, takeoverSchema, commandResultSchema };
