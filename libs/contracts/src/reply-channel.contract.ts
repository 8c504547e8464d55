import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { Enum, meaningsText, OpenObject, Protocol, valuesOf } from './schema-builders';

/**
 * Envelopes on the Redis reply channel. Each gateway instance listens on its own channel
 * (`replyChannelOf(instance)`); services listen on theirs for command results.
 */
export const REPLY_CHANNEL_PREFIX = 'voltlane:rc:';
export function replyChannelOf(instanceId: string): string {
  return `${REPLY_CHANNEL_PREFIX}${instanceId}`;
}

const id = Type.String({ minLength: 1, maxLength: 128 });
const traceparent = Type.Optional(Type.String({ description: 'W3C trace context.', maxLength: 128 }));

/** Service → gateway: the answer to a station CALL (a serialized CALLRESULT or CALLERROR). */
const callReplySchema = Type.Object(
  {
    kind: Type.Literal('reply'),
    stationId: id,
    connectionId: id,
    messageId: Type.String({ minLength: 1, maxLength: 36 }),
    frame: Type.String({ description: 'The serialized CALLRESULT or CALLERROR.', minLength: 2 }),
    traceparent,
  },
  { description: 'Service → gateway: the answer to a station CALL.' },
);
export type CallReplyEnvelope = Static<typeof callReplySchema>;

/** Service → gateway: a CSMS-initiated CALL for a station. */
const commandSchema = Type.Object(
  {
    kind: Type.Literal('command'),
    correlationId: id,
    stationId: id,
    action: Type.String({ minLength: 1, maxLength: 64 }),
    payload: OpenObject(),
    replyTo: Type.String({ description: 'Channel that receives the CommandResultEnvelope.', minLength: 1, maxLength: 256 }),
    timeoutMs: Type.Integer({ minimum: 1, maximum: 600_000 }),
    traceparent,
  },
  { description: 'Service → gateway: a CSMS-initiated CALL for a station.' },
);
export type StationCommandEnvelope = Static<typeof commandSchema>;

/** Gateway → gateway: close this connection, the station connected elsewhere. */
const takeoverSchema = Type.Object(
  { kind: Type.Literal('takeover'), stationId: id, connectionId: id },
  { description: 'Gateway → gateway: close this connection, the station connected elsewhere.' },
);
export type TakeoverEnvelope = Static<typeof takeoverSchema>;

/** What became of a command (outcome → meaning). */
const COMMAND_OUTCOME_MEANINGS = {
  result: 'the station answered CALLRESULT with a schema-valid payload',
  error: 'the station answered CALLERROR',
  'invalid-response': 'the station answered CALLRESULT whose payload fails the schema',
  timeout: 'the station did not answer in time',
  offline: 'the station is not connected to this gateway (any more)',
  rejected: 'not sent: see `rejection` for why',
} as const;
export const COMMAND_OUTCOMES = valuesOf(COMMAND_OUTCOME_MEANINGS);
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

/**
 * Why a command was `rejected` (not sent). `queue-full` is temporary: the station already has a
 * call in flight and the gateway's per-station queue is at its limit; the same command may
 * succeed later (see `retryAfterMs`). The others are permanent for that payload and station.
 */
const COMMAND_REJECTION_MEANINGS = {
  'unsupported-action': "the action is not a CSMS→station action of the station's protocol version",
  'invalid-payload': "the payload fails the schema of the station's protocol version",
  'queue-full': "the station's command queue is full (GATEWAY_COMMAND_QUEUE_LIMIT); temporary, see `retryAfterMs`",
} as const;
export const COMMAND_REJECTIONS = valuesOf(COMMAND_REJECTION_MEANINGS);
export type CommandRejection = (typeof COMMAND_REJECTIONS)[number];

/** Gateway → command sender: what became of a StationCommandEnvelope. */
const commandResultSchema = Type.Object(
  {
    kind: Type.Literal('command-result'),
    correlationId: id,
    stationId: id,
    outcome: Enum(COMMAND_OUTCOMES, { description: `${meaningsText(COMMAND_OUTCOME_MEANINGS)}.` }),
    protocol: Type.Optional(Protocol()),
    payload: Type.Optional(OpenObject()),
    error: Type.Optional(Type.Object({ code: Type.String(), description: Type.String(), details: OpenObject() })),
    reason: Type.Optional(Type.String({ description: 'Human-readable detail; never parse it, use `rejection`.' })),
    rejection: Type.Optional(
      Enum(COMMAND_REJECTIONS, {
        description: `Set with outcome \`rejected\`: why the command was not sent (absent from older gateways). ${meaningsText(COMMAND_REJECTION_MEANINGS)}.`,
      }),
    ),
    retryAfterMs: Type.Optional(
      Type.Integer({
        description: 'With `queue-full`: the longest the sender should wait before a queue slot frees (the call in flight times out).',
        minimum: 0,
      }),
    ),
    request: Type.Object({ action: Type.String(), payload: OpenObject() }),
    traceparent,
  },
  { description: 'Gateway → command sender: what became of a StationCommandEnvelope.' },
);
export type CommandResultEnvelope = Static<typeof commandResultSchema>;

const gatewayChannelEnvelopeSchema = Type.Union([callReplySchema, commandSchema, takeoverSchema]);
export type GatewayChannelEnvelope = Static<typeof gatewayChannelEnvelopeSchema>;

export const gatewayChannelEnvelopeContract = defineContract('gateway channel envelope', gatewayChannelEnvelopeSchema);
export const commandResultEnvelopeContract = defineContract('command result envelope', commandResultSchema);

/** Validates an envelope read from a gateway's channel (a tolerant reader); throws ContractViolation. */
export const parseGatewayChannelEnvelope = gatewayChannelEnvelopeContract.incoming;
/** Validates a command result read from a sender's channel (a tolerant reader); throws ContractViolation. */
export const parseCommandResultEnvelope = commandResultEnvelopeContract.incoming;

export const replyChannelSchemas = { callReplySchema, commandSchema, takeoverSchema, commandResultSchema, gatewayChannelEnvelopeSchema };
