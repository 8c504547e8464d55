import type { Logger } from 'pino';
import { MessageType, parseFrame, type OcppValidator } from '@voltlane/ocpp';
import { parseGatewayChannelEnvelope, type CallReplyEnvelope, type GatewayChannelEnvelope } from '@voltlane/contracts';
import { SpanKind, contextFromTraceparent, tracer } from '@voltlane/telemetry';
import type { StationConnection } from '../connection/station-connection';
import type { GatewayStats } from '../gateway-stats';
import type { CommandDispatcher } from './command-dispatcher';
import type { StationFrameHandler } from './station-frame-handler';

/**
 * Envelopes arriving on this instance's reply channel: answers to station CALLs, commands for
 * stations, and takeovers. A reply goes only to the connection it was meant for.
 */
export class ReplyRouter {
  constructor(
    private readonly connections: ReadonlyMap<string, StationConnection>,
    private readonly frames: StationFrameHandler,
    private readonly commands: CommandDispatcher,
    private readonly validator: OcppValidator | undefined,
    private readonly stats: GatewayStats,
    private readonly logger: Logger,
  ) {}

  onMessage(text: string): void {
    let envelope: GatewayChannelEnvelope;
    try {
      envelope = parseGatewayChannelEnvelope(JSON.parse(text));
    } catch (error) {
      this.logger.error({ err: error }, 'invalid envelope on the reply channel dropped');
      return;
    }
    switch (envelope.kind) {
      case 'reply':
        this.deliverReply(envelope);
        return;
      case 'command':
        this.commands.submit(this.connections.get(envelope.stationId), envelope);
        return;
      case 'takeover': {
        const connection = this.connections.get(envelope.stationId);
        if (connection?.connectionId === envelope.connectionId) connection.close(4001, 'Replaced by a newer connection');
        return;
      }
    }
  }

  private deliverReply(reply: CallReplyEnvelope): void {
    const connection = this.connections.get(reply.stationId);
    if (!connection || connection.connectionId !== reply.connectionId || connection.closed) {
      this.stats.repliesDropped++;
      return;
    }
    const pending = connection.pendingCalls.get(reply.messageId);
    if (pending === undefined) {
      // Already answered (e.g. by the gateway's timeout): never a second answer.
      this.stats.repliesDropped++;
      return;
    }
    const action = pending.action;
    const problem = this.validator ? this.checkReply(connection, reply, action) : undefined;
    if (problem) {
      this.stats.invalidReplies++;
      this.logger.error(
        { stationId: reply.stationId, messageId: reply.messageId, action, problem },
        'service replied with an invalid frame',
      );
      this.frames.answerWithError(connection, reply.messageId, 'InternalError', 'The CSMS produced an invalid response');
      return;
    }
    connection.pendingCalls.delete(reply.messageId);
    if (action === 'BootNotification') this.learnBootStatus(connection, reply.frame);
    const sendSpan = tracer('voltlane.gateway').startSpan(
      `ocpp ${action} answer`,
      { kind: SpanKind.PRODUCER, attributes: { 'ocpp.station_id': reply.stationId, 'ocpp.message_id': reply.messageId } },
      contextFromTraceparent(reply.traceparent),
    );
    if (connection.send(reply.frame, action)) {
      this.stats.repliesDelivered++;
      const isError = reply.frame.startsWith('[4');
      if (isError) this.stats.callError(action, callErrorCode(reply.frame));
      this.stats.answered(action, isError ? 'error' : 'result', pending.receivedAt);
    } else {
      this.stats.repliesDropped++;
    }
    sendSpan.end();
    pending.span.end();
  }

  private learnBootStatus(connection: StationConnection, frame: string): void {
    const parsed = parseFrame(connection.protocol, frame);
    if (parsed.ok && parsed.frame.type === MessageType.CallResult) connection.boot.onBootAnswer(parsed.frame.payload);
  }

  private checkReply(connection: StationConnection, reply: CallReplyEnvelope, action: string): string | undefined {
    const parsed = parseFrame(connection.protocol, reply.frame);
    if (!parsed.ok) return parsed.reason;
    const frame = parsed.frame;
    if (frame.id !== reply.messageId) return `frame id ${frame.id} differs from envelope id ${reply.messageId}`;
    if (frame.type === MessageType.CallError) return undefined;
    if (frame.type !== MessageType.CallResult) return `frame type ${frame.type} is not an answer`;
    const valid = this.validator?.validateResponse(connection.protocol, action, frame.payload);
    return valid && !valid.ok ? valid.message : undefined;
  }
}

/** The error code of a serialized CALLERROR `[4, id, code, …]` (only error replies are parsed). */
function callErrorCode(frame: string): string {
  try {
    const code = (JSON.parse(frame) as unknown[])[2];
    return typeof code === 'string' ? code : 'invalid';
  } catch {
    return 'invalid';
  }
}
