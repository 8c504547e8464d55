import type { Logger } from 'pino';
import {
  MessageType,
  actionInfo,
  callErrorFrame,
  checkInboundCall,
  isTransactionMessage,
  parseFrame,
  serializeFrame,
  type Call,
  type OcppFrame,
  type OcppValidator,
  type RpcErrorName,
  type Send,
} from '@voltlane/ocpp';
import { inboundHeaders } from '@voltlane/contracts';
import { SpanKind, endSpan, traceparentOf, tracer, type Span } from '@voltlane/telemetry';
import type { EventPublisher } from '@voltlane/messaging';
import type { GatewayConfig } from '../config/gateway-config';
import type { ReplyDeadlines } from '../connection/reply-deadlines';
import type { StationConnection } from '../connection/station-connection';
import type { GatewayStats } from '../gateway-stats';
import type { CommandDispatcher } from './command-dispatcher';
import { newTraceparent } from './trace-context';

/** The action label of CALLERRORs answering frames whose action is not in the catalog (or unreadable). */
const UNKNOWN_ACTION = 'unknown';

/** Header set on records the gateway already answered (a service must not answer them). */
export const ANSWERED_BY_HEADER = 'ocpp-answered-by';

/**
 * Everything a station sends: validated with libs/ocpp; invalid frames are answered here and
 * never reach Kafka; valid CALLs are published and tracked until their one answer is sent.
 */
export class StationFrameHandler {
  constructor(
    private readonly config: GatewayConfig,
    private readonly publisher: EventPublisher,
    private readonly validator: OcppValidator,
    private readonly deadlines: ReplyDeadlines,
    private readonly commands: CommandDispatcher,
    private readonly stats: GatewayStats,
    private readonly logger: Logger,
  ) {}

  onFrame(connection: StationConnection, text: string): void {
    this.stats.framesIn++;
    connection.alive = true;
    const parsed = parseFrame(connection.protocol, text);
    if (!parsed.ok) {
      connection.frameLog.record(connection, 'in', text, null);
      this.stats.invalidFrames++;
      if (parsed.reply) {
        this.stats.callError(UNKNOWN_ACTION, parsed.reply.code);
        connection.send(serializeFrame(parsed.reply), null);
      }
      this.logger.debug({ stationId: connection.stationId, reason: parsed.reason }, 'invalid frame');
      return;
    }
    const frame = parsed.frame;
    connection.frameLog.record(connection, 'in', text, actionOf(connection, frame));
    switch (frame.type) {
      case MessageType.Call:
        this.onCall(connection, frame, text);
        return;
      case MessageType.Send:
        this.onSend(connection, frame, text);
        return;
      case MessageType.CallResult:
      case MessageType.CallError:
      case MessageType.CallResultError:
        this.commands.onStationResponse(connection, frame);
        return;
    }
  }

  /**
   * Answers a CALL whose service did not reply in time. A notification whose frame is already
   * durably on Kafka, and whose response carries nothing (`{}` is a valid response), is
   * acknowledged: the answering service will still process it, and a CALLERROR would make the
   * station believe it was lost — stations do not retry notifications. Everything else, including
   * transaction messages (which stations retry), gets InternalError.
   */
  expireCall(connection: StationConnection, messageId: string): void {
    const pending = connection.pendingCalls.get(messageId);
    if (!pending) return;
    if (
      pending.published &&
      !isTransactionMessage(pending.action) &&
      this.validator.validateResponse(connection.protocol, pending.action, {}).ok
    ) {
      connection.pendingCalls.delete(messageId);
      connection.send(serializeFrame({ type: MessageType.CallResult, id: messageId, payload: {} }), pending.action);
      this.stats.acknowledgedAfterTimeout++;
      this.stats.answered(pending.action, 'result', pending.receivedAt);
      pending.span.setAttribute('ocpp.answer', 'acknowledged by the gateway after the reply timeout');
      pending.span.end();
      return;
    }
    this.answerWithError(connection, messageId, 'InternalError', 'The CSMS did not answer in time; retry later');
  }

  /** Answers a pending station CALL with the gateway's own CALLERROR. */
  answerWithError(connection: StationConnection, messageId: string, name: RpcErrorName, description: string): void {
    const pending = connection.pendingCalls.get(messageId);
    if (!pending) return;
    connection.pendingCalls.delete(messageId);
    const frame = callErrorFrame(connection.protocol, messageId, name, description);
    connection.send(serializeFrame(frame), pending.action);
    this.stats.callError(pending.action, frame.code);
    this.stats.answered(pending.action, 'error', pending.receivedAt);
    pending.span.setAttribute('ocpp.answer', name);
    endSpan(pending.span, new Error(description));
  }

  private onCall(connection: StationConnection, call: Call, text: string): void {
    const checked = checkInboundCall(connection.protocol, call, this.validator);
    if (!checked.ok) {
      this.stats.invalidFrames++;
      // An action outside the catalog is counted as "unknown": a station must not mint label values.
      this.stats.callError(actionInfo(connection.protocol, call.action) ? call.action : UNKNOWN_ACTION, checked.reply.code);
      connection.send(serializeFrame(checked.reply), call.action);
      return;
    }
    const reject = (name: RpcErrorName, description: string): void => {
      const frame = callErrorFrame(connection.protocol, call.id, name, description);
      this.stats.callError(call.action, frame.code);
      connection.send(serializeFrame(frame), call.action);
    };
    if (this.config.requireBootAccepted && !connection.boot.allows(call.action)) {
      const why =
        connection.boot.status === null ? 'has not sent an accepted BootNotification' : `boot status is ${connection.boot.status}`;
      reject('SecurityError', `${call.action} refused: the station ${why}`);
      return;
    }
    if (!connection.rateLimit.take()) {
      this.stats.rateLimited++;
      reject('GenericError', 'Rate limit exceeded; retry later');
      return;
    }
    if (connection.pendingCalls.has(call.id)) {
      reject('ProtocolError', `A CALL with message id ${call.id} is still being processed`);
      return;
    }
    if (connection.pendingCalls.size >= this.config.maxPendingCalls) {
      reject('GenericError', 'Too many outstanding CALLs on this connection');
      return;
    }
    const receivedAt = performance.now();
    this.stats.callAccepted(call.action);
    const span = tracer('voltlane.gateway').startSpan(`ocpp ${call.action}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'ocpp.station_id': connection.stationId,
        'ocpp.message_id': call.id,
        'ocpp.protocol': connection.protocol,
        'ocpp.action': call.action,
      },
    });
    const answeredLocally = this.config.answerHeartbeatLocally && call.action === 'Heartbeat';
    if (answeredLocally) {
      this.stats.heartbeatsAnsweredLocally++;
      connection.send(
        serializeFrame({ type: MessageType.CallResult, id: call.id, payload: { currentTime: new Date().toISOString() } }),
        call.action,
      );
      this.stats.answered(call.action, 'result', receivedAt);
    } else {
      connection.pendingCalls.set(call.id, { action: call.action, span, receivedAt });
      this.deadlines.add(connection, call.id);
    }
    this.publish(connection, text, call.id, call.action, MessageType.Call, answeredLocally, span);
    if (answeredLocally) span.end();
  }

  private onSend(connection: StationConnection, send: Send, text: string): void {
    const isSend = actionInfo(connection.protocol, send.action)?.send === true;
    if (!isSend || !this.validator.validateRequest(connection.protocol, send.action, send.payload).ok) {
      // SEND has no response of any kind; an invalid one is dropped and counted.
      this.stats.invalidFrames++;
      return;
    }
    const span = tracer('voltlane.gateway').startSpan(`ocpp ${send.action}`, {
      kind: SpanKind.SERVER,
      attributes: { 'ocpp.station_id': connection.stationId },
    });
    this.publish(connection, text, send.id, send.action, MessageType.Send, true, span);
    span.end();
  }

  private publish(
    connection: StationConnection,
    frame: string,
    messageId: string,
    action: string,
    type: MessageType,
    answered: boolean,
    span: Span,
  ): void {
    const headers = inboundHeaders({
      stationId: connection.stationId,
      protocol: connection.protocol,
      action,
      messageId,
      gatewayInstance: this.config.instanceId,
      connectionId: connection.connectionId,
      receivedAt: new Date().toISOString(),
      traceparent: traceparentOf(span) ?? newTraceparent(),
    });
    headers['ocpp-message-type'] = String(type);
    if (answered) headers[ANSWERED_BY_HEADER] = 'gateway';
    this.publisher
      .publish({ topic: this.config.topics.inbound, key: connection.stationId, value: frame, headers })
      .then(() => {
        this.stats.callsPublished++;
        const pending = connection.pendingCalls.get(messageId);
        if (pending && type === MessageType.Call) pending.published = true;
      })
      .catch((error: unknown) => {
        this.stats.publishFailures++;
        this.logger.error({ err: error, stationId: connection.stationId, messageId }, 'could not publish a station CALL');
        this.answerWithError(connection, messageId, 'InternalError', 'The CSMS could not accept the message; retry later');
      });
  }
}

/** The action a parsed station frame is logged with: its own, or the in-flight CSMS call's it answers. */
function actionOf(connection: StationConnection, frame: OcppFrame): string | null {
  if (frame.type === MessageType.Call || frame.type === MessageType.Send) return frame.action;
  const inFlight = connection.inFlight;
  return inFlight !== undefined && inFlight.messageId === frame.id ? inFlight.command.action : null;
}
