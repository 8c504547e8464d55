import { InboundHeader } from './inbound-headers';

/**
 * `ocpp.inbound.v1`: every frame a station sent that passed validation, as the station sent it
 * (an OCPP-J CALL `[2, id, action, payload]` or a 2.1 SEND `[6, …]`), key = station id, with
 * the headers of InboundHeader. The payload matches the official schema of its action and
 * protocol version (libs/ocpp validates it before it is produced).
 *
 * On the wire the headers travel packed: one Kafka header `voltlane-headers` whose value is a
 * JSON object of the headers below (name → string). kafkajs encodes each Kafka header of each
 * record on its own, and nine of them cost the gateway more CPU than the rest of a locally
 * answered Heartbeat. libs/messaging's KafkaSubscriber (toBusMessage) unpacks them, so consumers
 * read them by name; a record with separate headers (an older gateway) is read the same way.
 */
export const ocppInboundFrameSchema = {
  $id: 'urn:voltlane:ocpp.inbound.v1',
  type: 'array',
  minItems: 4,
  maxItems: 4,
  items: [
    { enum: [2, 6], description: '2 = CALL, 6 = SEND (2.1)' },
    { type: 'string', minLength: 1, maxLength: 36, description: 'message id' },
    { type: 'string', minLength: 1, description: 'action' },
    { type: 'object', description: 'payload, valid for the action in the version of the ocpp-protocol header' },
  ],
} as const;

export const ocppInboundHeaders: Record<string, string> = {
  'voltlane-headers': 'on the wire, the only Kafka header: a JSON object holding the headers listed here by name (unpacked by libs/messaging)',
  [InboundHeader.Protocol]: 'ocpp1.6 | ocpp2.0.1 | ocpp2.1',
  [InboundHeader.Action]: 'the OCPP action',
  [InboundHeader.MessageId]: 'the OCPP message id',
  [InboundHeader.MessageType]: '2 (CALL) or 6 (SEND)',
  [InboundHeader.GatewayInstance]: 'gateway instance holding the socket (reply channel address)',
  [InboundHeader.ConnectionId]: 'the WebSocket connection the frame came on',
  [InboundHeader.ReceivedAt]: 'ISO time the gateway received it',
  [InboundHeader.TraceParent]: 'W3C trace context',
  'ocpp-answered-by': "'gateway' when the gateway already answered (Heartbeat); services must not answer",
};
