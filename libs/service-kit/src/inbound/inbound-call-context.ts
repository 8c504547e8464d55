import { isOcppVersion, type OcppVersion } from '@voltlane/ocpp';
import { ContractViolation, InboundHeader } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';

/** What a handler knows about the station CALL it handles. */
export interface InboundCallContext {
  stationId: string;
  protocol: OcppVersion;
  action: string;
  messageId: string;
  connectionId: string;
  gatewayInstance: string;
  receivedAt: Date;
  traceparent?: string;
  /** The gateway already answered it (local Heartbeat) or it is a SEND: no reply is sent. */
  answered: boolean;
}

/** Reads the context from an `ocpp.inbound.v1` record's key and headers. */
export function inboundCallContext(message: BusMessage): InboundCallContext {
  const h = message.headers;
  const protocol = h[InboundHeader.Protocol];
  const required = [InboundHeader.Action, InboundHeader.MessageId, InboundHeader.ConnectionId, InboundHeader.GatewayInstance] as const;
  for (const name of required) if (!h[name]) throw new ContractViolation('ocpp.inbound.v1', `header ${name} missing`);
  if (!protocol || !isOcppVersion(protocol)) throw new ContractViolation('ocpp.inbound.v1', `header ${InboundHeader.Protocol} invalid`);
  if (!message.key) throw new ContractViolation('ocpp.inbound.v1', 'record key (station id) missing');
  const receivedAt = new Date(h[InboundHeader.ReceivedAt] ?? Number(message.timestamp));
  return {
    stationId: message.key,
    protocol,
    action: h[InboundHeader.Action],
    messageId: h[InboundHeader.MessageId],
    connectionId: h[InboundHeader.ConnectionId],
    gatewayInstance: h[InboundHeader.GatewayInstance],
    receivedAt: Number.isNaN(receivedAt.getTime()) ? new Date() : receivedAt,
    ...(h[InboundHeader.TraceParent] ? { traceparent: h[InboundHeader.TraceParent] } : {}),
    answered: h['ocpp-answered-by'] === 'gateway' || h[InboundHeader.MessageType] === '6',
  };
}
