import { randomUUID } from 'node:crypto';
import {
  inboundHeaders,
  parseGatewayChannelEnvelope,
  replyChannelOf,
  type CallReplyEnvelope,
  type CommandResultEnvelope,
  type GatewayChannelEnvelope,
  type StationCommandEnvelope,
  type StationConnectionEvent,
} from '@voltlane/contracts';
import { MessageType, actionInfo, allowsDirection, checkInboundCall, ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import type { EventPublisher } from '@voltlane/messaging';
import type { InProcessPorts } from '@voltlane/service-kit';

/** A frame as a station receives it: `[3, id, payload]` or `[4, id, code, description, details]`. */
export type AnswerFrame = unknown[];

/**
 * How a fake station answers a CSMS→station command: a CALLRESULT payload, a CALLERROR, or no
 * answer at all (the gateway then reports `timeout`).
 */
export type CommandAnswer =
  Record<string, unknown> | { callError: string; description?: string; details?: Record<string, unknown> } | 'no-answer';

export type CommandAnswerer = (action: string, payload: Record<string, unknown>) => CommandAnswer | Promise<CommandAnswer>;

export interface CallOptions {
  messageId?: string;
  /** Give up waiting for the service's answer after this long (default 10 s). */
  timeoutMs?: number;
}

interface PendingCall {
  action: string;
  protocol: OcppVersion;
  resolve(frame: AnswerFrame): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The gateway's side of the ports, played in the test process: publishes station frames on
 * `ocpp.inbound.v1` with the headers the gateway sets, takes the services' answers from its reply
 * channel, and hands CSMS→station commands to the fake station they are addressed to. Like the
 * gateway, it checks what it passes on: a frame the gateway would refuse is a test error, and so
 * is an answer or a command payload that fails its OCPP schema.
 */
export class FakeGateway {
  readonly instanceId = `medium-gw-${randomUUID()}`;
  private readonly pending = new Map<string, PendingCall>();
  private readonly stations = new Map<string, FakeStation>();
  private listening: { close(): Promise<void> } | undefined;
  /** Answers that reached no waiting call (late, duplicate, or for a closed connection). */
  readonly strayReplies: CallReplyEnvelope[] = [];
  /** What arrived on the gateway's channel that is no valid envelope (the gateway drops it). */
  readonly invalidEnvelopes: string[] = [];

  constructor(
    private readonly ports: InProcessPorts,
    private readonly publisher: EventPublisher,
    private readonly topics: { inbound: string; connections: string },
  ) {}

  async start(): Promise<void> {
    this.listening = await this.ports.replyChannel.listen(replyChannelOf(this.instanceId), (text) => this.onEnvelope(text));
  }

  async stop(): Promise<void> {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(new Error(`harness stopped before ${call.action} was answered`));
    }
    this.pending.clear();
    await this.listening?.close();
  }

  /** A station on this gateway: registered in the connection registry, announced on `stations.connections.v1`. */
  async connect(stationId: string, protocol: OcppVersion, answer?: CommandAnswerer): Promise<FakeStation> {
    const station = new FakeStation(this, stationId, protocol, randomUUID(), answer);
    this.stations.set(stationId, station);
    await this.ports.registry.claim(
      stationId,
      { gatewayInstance: this.instanceId, connectionId: station.connectionId, protocol, connectedAt: new Date().toISOString() },
      3_600_000,
    );
    await this.announce(station, { type: 'Connected' });
    return station;
  }

  /** @internal FakeStation.close */
  async disconnect(station: FakeStation, closeCode: number): Promise<void> {
    if (this.stations.get(station.stationId) === station) this.stations.delete(station.stationId);
    await this.ports.registry.release(station.stationId, station.connectionId);
    await this.announce(station, { type: 'Disconnected', closeCode, reason: '' });
  }

  /**
   * Publishes a CALL as the gateway does (key = station id, the inbound headers) and resolves
   * with the service's answer. `connectionId` names the connection the answer is meant for.
   */
  async call(
    stationId: string,
    protocol: OcppVersion,
    connectionId: string,
    action: string,
    payload: unknown,
    options: CallOptions = {},
  ): Promise<AnswerFrame> {
    const messageId = options.messageId ?? randomUUID();
    const key = pendingKey(stationId, messageId);
    if (this.pending.has(key)) throw new Error(`a CALL with message id ${messageId} of ${stationId} is still waiting for its answer`);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const answer = new Promise<AnswerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new Error(`no answer to ${action} (${messageId}) of ${stationId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(key, { action, protocol, resolve, reject, timer });
    });
    try {
      await this.publishFrame(stationId, protocol, connectionId, action, payload, messageId);
    } catch (error) {
      const call = this.pending.get(key);
      if (call) clearTimeout(call.timer);
      this.pending.delete(key);
      throw error;
    }
    return answer;
  }

  /** Publishes a CALL without waiting for an answer (for frames the service only observes). */
  async publishFrame(
    stationId: string,
    protocol: OcppVersion,
    connectionId: string,
    action: string,
    payload: unknown,
    messageId: string = randomUUID(),
  ): Promise<string> {
    const checked = checkInboundCall(protocol, {
      type: MessageType.Call,
      id: messageId,
      action,
      payload: payload as Record<string, unknown>,
    });
    if (!checked.ok)
      throw new Error(`the gateway would refuse this ${protocol} ${action}: ${checked.reply.code} ${checked.reply.description}`);
    const headers = inboundHeaders({
      stationId,
      protocol,
      action,
      messageId,
      gatewayInstance: this.instanceId,
      connectionId,
      receivedAt: new Date().toISOString(),
    });
    await this.publisher.publish({
      topic: this.topics.inbound,
      key: stationId,
      value: JSON.stringify([2, messageId, action, payload]),
      headers,
    });
    return messageId;
  }

  private async announce(station: FakeStation, event: Pick<StationConnectionEvent, 'type' | 'closeCode' | 'reason'>): Promise<void> {
    const value: StationConnectionEvent = {
      ...event,
      stationId: station.stationId,
      protocol: station.protocol,
      gatewayInstance: this.instanceId,
      connectionId: station.connectionId,
      securityProfile: 1,
      at: new Date().toISOString(),
    };
    await this.publisher.publish({ topic: this.topics.connections, key: station.stationId, value: JSON.stringify(value) });
  }

  private onEnvelope(text: string): void {
    let envelope: GatewayChannelEnvelope;
    try {
      envelope = parseGatewayChannelEnvelope(JSON.parse(text));
    } catch (error) {
      // The gateway drops it; the test hears of it: the call it answers fails with the reason.
      this.invalidEnvelopes.push(text);
      const loose = looseReply(text);
      const call = loose && this.pending.get(pendingKey(loose.stationId, loose.messageId));
      if (loose && call) {
        this.pending.delete(pendingKey(loose.stationId, loose.messageId));
        clearTimeout(call.timer);
        call.reject(
          new Error(
            `the service answered ${call.action} with an envelope the gateway would drop: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }
      return;
    }
    switch (envelope.kind) {
      case 'reply':
        this.onReply(envelope);
        return;
      case 'command':
        void this.onCommand(envelope);
        return;
      case 'takeover':
        return;
    }
  }

  private onReply(reply: CallReplyEnvelope): void {
    const key = pendingKey(reply.stationId, reply.messageId);
    const call = this.pending.get(key);
    const station = this.stations.get(reply.stationId);
    if (!call || (station && station.connectionId !== reply.connectionId)) {
      this.strayReplies.push(reply);
      return;
    }
    this.pending.delete(key);
    clearTimeout(call.timer);
    let frame: AnswerFrame;
    try {
      frame = JSON.parse(reply.frame) as AnswerFrame;
    } catch {
      call.reject(new Error(`the answer to ${call.action} is not JSON: ${reply.frame.slice(0, 200)}`));
      return;
    }
    if (frame[1] !== reply.messageId) {
      call.reject(new Error(`the answer to ${call.action} carries message id ${String(frame[1])}, not ${reply.messageId}`));
      return;
    }
    if (frame[0] === 3) {
      const valid = ocppValidator.validateResponse(call.protocol, call.action, frame[2]);
      if (!valid.ok) {
        call.reject(
          new Error(`the service answered ${call.protocol} ${call.action} with a payload the gateway would refuse: ${valid.message}`),
        );
        return;
      }
    } else if (frame[0] !== 4) {
      call.reject(new Error(`the answer to ${call.action} is neither a CALLRESULT nor a CALLERROR: ${reply.frame.slice(0, 200)}`));
      return;
    }
    call.resolve(frame);
  }

  private async onCommand(command: StationCommandEnvelope): Promise<void> {
    const station = this.stations.get(command.stationId);
    const request = { action: command.action, payload: command.payload };
    const base = { kind: 'command-result' as const, correlationId: command.correlationId, stationId: command.stationId, request };
    let result: CommandResultEnvelope;
    if (!station) {
      result = { ...base, outcome: 'offline', reason: 'station is not connected to this gateway' };
    } else {
      result = { ...base, protocol: station.protocol, ...(await station.answerCommand(command)) };
    }
    await this.ports.replyChannel.send(command.replyTo, JSON.stringify(result));
  }
}

/**
 * A station "connected" to the fake gateway: what it sends reaches the service as frames on
 * `ocpp.inbound.v1`, the commands the service sends it are answered by `answer` (and kept in
 * `commands`). There is no socket: the gateway itself is tested in apps/ocpp-gateway.
 */
export class FakeStation {
  /** Every command the service sent this station, in order. */
  readonly commands: { action: string; payload: Record<string, unknown> }[] = [];

  constructor(
    private readonly gateway: FakeGateway,
    readonly stationId: string,
    readonly protocol: OcppVersion,
    readonly connectionId: string,
    /** Answers commands; without one, a command gets CALLERROR NotImplemented. */
    public answer?: CommandAnswerer,
  ) {}

  /** Sends a CALL; resolves with the answer frame, `[3, id, payload]` or `[4, id, code, description, details]`. */
  call(action: string, payload: unknown, messageId?: string, options: Omit<CallOptions, 'messageId'> = {}): Promise<AnswerFrame> {
    return this.gateway.call(this.stationId, this.protocol, this.connectionId, action, payload, {
      ...options,
      ...(messageId ? { messageId } : {}),
    });
  }

  /** Sends a CALL nobody is expected to answer (another service would); resolves with its message id once published. */
  send(action: string, payload: unknown, messageId?: string): Promise<string> {
    return this.gateway.publishFrame(this.stationId, this.protocol, this.connectionId, action, payload, messageId);
  }

  /** The socket closes: the registry entry goes, `Disconnected` is published. */
  close(closeCode = 1000): Promise<void> {
    return this.gateway.disconnect(this, closeCode);
  }

  /** @internal FakeGateway: what the gateway would report for this command. */
  async answerCommand(
    command: StationCommandEnvelope,
  ): Promise<Pick<CommandResultEnvelope, 'outcome' | 'payload' | 'error' | 'reason' | 'rejection'>> {
    const info = actionInfo(this.protocol, command.action);
    if (!info || !allowsDirection(info, 'CsmsToStation')) {
      return {
        outcome: 'rejected',
        rejection: 'unsupported-action',
        reason: `${command.action} is not a CSMS-initiated action of ${this.protocol}`,
      };
    }
    const valid = ocppValidator.validateRequest(this.protocol, command.action, command.payload);
    if (!valid.ok)
      return { outcome: 'rejected', rejection: 'invalid-payload', reason: `payload invalid for ${this.protocol}: ${valid.message}` };
    this.commands.push({ action: command.action, payload: command.payload });
    const answer: CommandAnswer = this.answer
      ? await this.answer(command.action, command.payload)
      : { callError: 'NotImplemented', description: `the test station has no answer for ${command.action}` };
    if (answer === 'no-answer') {
      // As the gateway does: the command's own timeout runs out first.
      await new Promise((resolve) => setTimeout(resolve, command.timeoutMs));
      return { outcome: 'timeout', reason: `no answer within ${command.timeoutMs} ms` };
    }
    if (typeof answer.callError === 'string') {
      const {
        callError,
        description = '',
        details = {},
      } = answer as { callError: string; description?: string; details?: Record<string, unknown> };
      return { outcome: 'error', error: { code: callError, description, details } };
    }
    const payload = answer as Record<string, unknown>;
    const response = ocppValidator.validateResponse(this.protocol, command.action, payload);
    if (!response.ok) return { outcome: 'invalid-response', payload, reason: response.message };
    return { outcome: 'result', payload };
  }
}

/** Station and message id of something that looks like a reply envelope, if it names them. */
function looseReply(text: string): { stationId: string; messageId: string } | undefined {
  try {
    const value = JSON.parse(text) as { stationId?: unknown; messageId?: unknown };
    return typeof value.stationId === 'string' && typeof value.messageId === 'string'
      ? { stationId: value.stationId, messageId: value.messageId }
      : undefined;
  } catch {
    return undefined;
  }
}

function pendingKey(stationId: string, messageId: string): string {
  return `${stationId}\u0001${messageId}`;
}
