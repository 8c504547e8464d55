import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  MessageType,
  actionInfo,
  allowsDirection,
  callErrorFrame,
  serializeFrame,
  type CallError,
  type CallResult,
  type CallResultError,
  type OcppValidator,
} from '@voltlane/ocpp';
import type { CommandOutcome, CommandResultEnvelope, StationCommandEnvelope } from '@voltlane/contracts';
import type { ReplyChannel } from '@voltlane/messaging';
import { SpanKind, contextFromTraceparent, endSpan, traceparentOf, tracer, type Span } from '@voltlane/telemetry';
import type { StationConnection } from '../connection/station-connection';
import type { GatewayStats } from '../gateway-stats';

type StationResponse = CallResult | CallError | CallResultError;

/**
 * CSMS→station calls: one in flight per connection, the rest queued (bounded). Every command
 * gets exactly one CommandResultEnvelope at its reply address, carrying the original request.
 */
export class CommandDispatcher {
  constructor(
    private readonly replyChannel: ReplyChannel,
    private readonly validator: OcppValidator,
    private readonly queueLimit: number,
    private readonly stats: GatewayStats,
    private readonly logger: Logger,
  ) {}

  submit(connection: StationConnection | undefined, command: StationCommandEnvelope): void {
    if (!connection || connection.closed) {
      this.finish(command, 'offline', { reason: 'station is not connected to this gateway' });
      return;
    }
    const info = actionInfo(connection.protocol, command.action);
    if (!info || !allowsDirection(info, 'CsmsToStation')) {
      this.finish(command, 'rejected', {
        protocol: connection.protocol,
        rejection: 'unsupported-action',
        reason: `${command.action} is not a CSMS-initiated action of ${connection.protocol}`,
      });
      return;
    }
    const valid = this.validator.validateRequest(connection.protocol, command.action, command.payload);
    if (!valid.ok) {
      this.finish(command, 'rejected', {
        protocol: connection.protocol,
        rejection: 'invalid-payload',
        reason: `payload invalid for ${connection.protocol}: ${valid.message}`,
      });
      return;
    }
    if (connection.inFlight) {
      if (connection.commandQueue.length >= this.queueLimit) {
        // Temporary: a slot frees at the latest when the call in flight times out.
        this.finish(command, 'rejected', {
          protocol: connection.protocol,
          rejection: 'queue-full',
          retryAfterMs: Math.max(0, connection.inFlight.deadline - Date.now()),
          reason: 'command queue for this station is full',
        });
        return;
      }
      connection.commandQueue.push(command);
      return;
    }
    this.send(connection, command);
  }

  /** A CALLRESULT / CALLERROR / CALLRESULTERROR from the station. */
  onStationResponse(connection: StationConnection, frame: StationResponse): void {
    const inFlight = connection.inFlight;
    if (!inFlight || inFlight.messageId !== frame.id) {
      this.logger.warn({ stationId: connection.stationId, messageId: frame.id }, 'response for an unknown message id ignored');
      return;
    }
    clearTimeout(inFlight.timer);
    connection.inFlight = undefined;
    const { command, span } = inFlight;
    const protocol = connection.protocol;
    if (frame.type === MessageType.CallResult) {
      const valid = this.validator.validateResponse(protocol, command.action, frame.payload);
      if (valid.ok) {
        this.finish(command, 'result', { protocol, payload: frame.payload }, span);
      } else {
        this.stats.invalidReplies++;
        this.finish(command, 'invalid-response', { protocol, payload: frame.payload, reason: valid.message }, span);
        if (protocol === 'ocpp2.1') {
          const error = callErrorFrame(protocol, frame.id, valid.error, valid.message);
          connection.send(serializeFrame({ ...error, type: MessageType.CallResultError }), command.action);
        }
      }
    } else {
      this.finish(
        command,
        'error',
        { protocol, error: { code: frame.code, description: frame.description, details: frame.details } },
        span,
      );
    }
    this.next(connection);
  }

  /** The connection closed: everything in flight or queued for it is answered `offline`. */
  onClosed(connection: StationConnection): void {
    if (connection.inFlight) {
      clearTimeout(connection.inFlight.timer);
      this.finish(
        connection.inFlight.command,
        'offline',
        { protocol: connection.protocol, reason: 'connection closed before the station answered' },
        connection.inFlight.span,
      );
      connection.inFlight = undefined;
    }
    for (const command of connection.commandQueue.splice(0)) {
      this.finish(command, 'offline', { protocol: connection.protocol, reason: 'connection closed before the call was sent' });
    }
  }

  private send(connection: StationConnection, command: StationCommandEnvelope): void {
    const messageId = randomUUID();
    const timer = setTimeout(() => this.onTimeout(connection, messageId), command.timeoutMs);
    const span = tracer('voltlane.gateway').startSpan(
      `ocpp ${command.action} to station`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'ocpp.station_id': connection.stationId, 'ocpp.message_id': messageId, 'ocpp.action': command.action },
      },
      contextFromTraceparent(command.traceparent),
    );
    connection.inFlight = { command, messageId, timer, span, deadline: Date.now() + command.timeoutMs };
    connection.boot.onCommandSent(command.action, command.payload);
    this.stats.commandsSent++;
    const sent = connection.send(
      serializeFrame({ type: MessageType.Call, id: messageId, action: command.action, payload: command.payload }),
      command.action,
    );
    if (!sent) this.onClosed(connection);
  }

  private onTimeout(connection: StationConnection, messageId: string): void {
    if (connection.inFlight?.messageId !== messageId) return;
    const { command, span } = connection.inFlight;
    connection.inFlight = undefined;
    this.finish(command, 'timeout', { protocol: connection.protocol, reason: `no answer within ${command.timeoutMs} ms` }, span);
    this.next(connection);
  }

  private next(connection: StationConnection): void {
    const queued = connection.commandQueue.shift();
    if (queued && !connection.closed) this.send(connection, queued);
  }

  private finish(
    command: StationCommandEnvelope,
    outcome: CommandOutcome,
    extra: Partial<Pick<CommandResultEnvelope, 'protocol' | 'payload' | 'error' | 'reason' | 'rejection' | 'retryAfterMs'>>,
    span?: Span,
  ): void {
    this.stats.commandResult(outcome);
    const traceparent = (span && traceparentOf(span)) ?? command.traceparent;
    if (span) {
      span.setAttribute('ocpp.outcome', outcome);
      endSpan(span, outcome === 'result' ? undefined : new Error(extra.reason ?? extra.error?.code ?? outcome));
    }
    const result: CommandResultEnvelope = {
      kind: 'command-result',
      correlationId: command.correlationId,
      stationId: command.stationId,
      outcome,
      ...extra,
      request: { action: command.action, payload: command.payload },
      ...(traceparent ? { traceparent } : {}),
    };
    this.replyChannel.send(command.replyTo, JSON.stringify(result)).catch((error: unknown) => {
      this.logger.error({ err: error, correlationId: command.correlationId }, 'could not deliver a command result');
    });
  }
}
