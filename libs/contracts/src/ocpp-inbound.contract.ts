import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract-validator';
import { InboundHeader } from './inbound-headers';
import { Enum, OpenObject } from './schema-builders';

/** The topic's documentation: the schema's `description`, so it reaches docs/asyncapi.json and docs/contracts.md. */
const OCPP_INBOUND_FRAME_DESCRIPTION = [
  '`ocpp.inbound.v1`: every frame a station sent that passed validation, as the station sent it (an OCPP-J CALL `[2, id, action, payload]` or a 2.1 SEND `[6, …]`), key = station id, with the headers of InboundHeader. The payload matches the official schema of its action and protocol version (libs/ocpp validates it before it is produced).',
  "On the wire the headers travel packed: one Kafka header `voltlane-headers` whose value is a JSON object of the headers below (name → string). kafkajs encodes each Kafka header of each record on its own, and nine of them cost the gateway more CPU than the rest of a locally answered Heartbeat. libs/messaging's KafkaSubscriber (toBusMessage) unpacks them, so consumers read them by name; a record with separate headers (an older gateway) is read the same way. The W3C `traceparent` is the exception: like every record of every topic, the record carries it as a Kafka header of its own, readable by any tracing library.",
].join('\n\n');

/** `ocpp.inbound.v1`: the payload's schema (the TypeScript type is derived from it; `description` documents the topic). */
export const ocppInboundFrameSchema = Type.Tuple(
  [
    Enum([2, 6], { description: '2 = CALL, 6 = SEND (2.1)' }),
    Type.String({ description: 'message id', minLength: 1, maxLength: 36 }),
    Type.String({ description: 'action', minLength: 1 }),
    OpenObject({ description: 'payload, valid for the action in the version of the ocpp-protocol header' }),
  ],
  { $id: 'urn:voltlane:ocpp.inbound.v1', description: OCPP_INBOUND_FRAME_DESCRIPTION },
);
export type OcppInboundFrame = Static<typeof ocppInboundFrameSchema>;

/** The frame's shape only: the payload is checked against its action's OCPP schema by libs/ocpp. */
export const ocppInboundFrameContract = defineContract('ocpp.inbound.v1', ocppInboundFrameSchema);

export const ocppInboundHeaders: Record<string, string> = {
  'voltlane-headers':
    'on the wire, a JSON object holding the headers listed here by name except `traceparent` (unpacked by libs/messaging)',
  [InboundHeader.Protocol]: 'ocpp1.6 | ocpp2.0.1 | ocpp2.1',
  [InboundHeader.Action]: 'the OCPP action',
  [InboundHeader.MessageId]: 'the OCPP message id',
  [InboundHeader.MessageType]: '2 (CALL) or 6 (SEND)',
  [InboundHeader.GatewayInstance]: 'gateway instance holding the socket (reply channel address)',
  [InboundHeader.ConnectionId]: 'the WebSocket connection the frame came on',
  [InboundHeader.ReceivedAt]: 'ISO time the gateway received it',
  [InboundHeader.TraceParent]: 'W3C trace context, a Kafka header of its own (on every topic)',
  'ocpp-answered-by': "'gateway' when the gateway already answered (Heartbeat); services must not answer",
};
