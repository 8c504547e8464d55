import type { OcppVersion } from '@voltlane/ocpp';

/**
 * Headers of every `ocpp.inbound.v1` record (values are UTF-8 strings). They are sent packed in
 * one Kafka header (`voltlane-headers`, see ocpp-inbound.contract.ts) and read by name after
 * libs/messaging unpacks them.
 */
export const InboundHeader = {
  Protocol: 'ocpp-protocol',
  Action: 'ocpp-action',
  MessageId: 'ocpp-message-id',
  MessageType: 'ocpp-message-type',
  GatewayInstance: 'gateway-instance',
  ConnectionId: 'connection-id',
  ReceivedAt: 'received-at',
  TraceParent: 'traceparent',
  TraceState: 'tracestate',
} as const;

/** What a consumer knows about an inbound frame without parsing its value. */
export interface InboundMeta {
  stationId: string;
  protocol: OcppVersion;
  action: string;
  messageId: string;
  gatewayInstance: string;
  connectionId: string;
  receivedAt: string;
  traceparent?: string;
}

export function inboundHeaders(meta: InboundMeta): Record<string, string> {
  const headers: Record<string, string> = {
    [InboundHeader.Protocol]: meta.protocol,
    [InboundHeader.Action]: meta.action,
    [InboundHeader.MessageId]: meta.messageId,
    [InboundHeader.MessageType]: '2',
    [InboundHeader.GatewayInstance]: meta.gatewayInstance,
    [InboundHeader.ConnectionId]: meta.connectionId,
    [InboundHeader.ReceivedAt]: meta.receivedAt,
  };
  if (meta.traceparent) headers[InboundHeader.TraceParent] = meta.traceparent;
  return headers;
}
