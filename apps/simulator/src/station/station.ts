import WebSocket, { type ClientOptions } from 'ws';
import {
  MessageType,
  actionInfo,
  allowsDirection,
  callErrorFrame,
  isTransactionMessage,
  parseFrame,
  serializeFrame,
  type Call,
  type OcppValidator,
  type OcppVersion,
  type RpcErrorName,
} from '@voltlane/ocpp';
import type { Scheduler, ScheduledTask } from '../scheduling/scheduler';
import type { FleetStats } from '../stats/fleet-stats';
import type { ProtocolBehaviour } from './protocol-behaviour';
import type { BootState, CallOptions, CallPayload, StationContext } from './station-context';
import type { FrameTap, StationOptions } from './station-options';
import { createBehaviour } from './create-behaviour';
import { backoffDelay } from './backoff';

/** The CSMS answered a CALL with a CALLERROR. */
export class CallErrorReceived extends Error {
  constructor(
    readonly action: string,
    readonly code: string,
    description: string,
  ) {
    super(`${action}: ${code} ${description}`);
  }
}

/** No answer within the CALL timeout. */
export class CallTimeout extends Error {
  constructor(readonly action: string) {
    super(`${action}: no answer in time`);
  }
}

export interface StationEnv {
  scheduler: Scheduler;
  stats: FleetStats;
  validator: OcppValidator;
  random?: () => number;
  tap?: FrameTap;
  /** Schema-check every outgoing payload and count violations (costs CPU). */
  validateOutgoing?: boolean;
}

interface PendingCall {
  action: string;
  /** A function is called when the CALL is sent (e.g. a 1.6 transactionId known only by then). */
  payload: CallPayload;
  preBoot: boolean;
  /** Times this CALL was sent and failed with a CALLERROR or a time-out (transaction messages are retried). */
  failures: number;
  resolve: (payload: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

interface InFlight extends PendingCall {
  id: string;
  sent: object;
  sentAt: number;
  timeout: ScheduledTask;
}

/**
 * Transaction messages (`isTransactionMessage`) survive a dropped connection (they go back to the
 * head of the queue) and are retried after a CALLERROR or a time-out: the n-th retry waits n × the
 * interval, and nothing else is sent meanwhile, so transaction messages keep their order.
 */
const DEFAULT_TRANSACTION_RETRY = { attempts: 3, intervalMs: 30_000 };
const MAX_QUEUE = 1_000;
const BOOT_RETRY_DEFAULT_S = 10;
const processTag = Date.now().toString(36).slice(-4);

/**
 * One simulated charging station: its WebSocket, its CALL queue (one outstanding CALL per
 * direction), boot, heartbeat and reconnection. What it says is up to its protocol behaviour.
 * Every timer lives in the shared scheduler.
 */
export class Station implements StationContext {
  readonly id: string;
  readonly protocol: OcppVersion;
  readonly scheduler: Scheduler;
  readonly stats: FleetStats;
  readonly behaviour: ProtocolBehaviour;
  bootState: BootState = 'None';
  private socket: WebSocket | undefined;
  private open = false;
  private stopping = false;
  private everOpened = false;
  private everAccepted = false;
  private bootOnOpen = true;
  private queue: PendingCall[] = [];
  private inflight: InFlight | undefined;
  private nextId = 1;
  private attempt = 0;
  private heartbeatS: number;
  private heartbeatTask: ScheduledTask | undefined;
  private bootRetryTask: ScheduledTask | undefined;
  private reconnectTask: ScheduledTask | undefined;
  /** A failed transaction message waits at the head of the queue until this task runs. */
  private retryTask: ScheduledTask | undefined;
  private closed: Promise<void> = Promise.resolve();

  constructor(
    readonly options: StationOptions,
    private readonly env: StationEnv,
  ) {
    this.id = options.id;
    this.protocol = options.protocol;
    this.scheduler = env.scheduler;
    this.stats = env.stats;
    this.heartbeatS = options.heartbeatFallbackS;
    this.behaviour = createBehaviour(this);
    this.stats.stations++;
  }

  get connected(): boolean {
    return this.open;
  }

  random(): number {
    return (this.env.random ?? Math.random)();
  }

  now(): number {
    return Date.now();
  }

  start(): void {
    this.stopping = false;
    this.connect();
  }

  /** Closes the connection for good; with `endSessions`, first ends running sessions with their stop messages. */
  async stop(endSessions = false): Promise<void> {
    await this.behaviour.shutdown(endSessions && this.open);
    // Ending gracefully: what was queued last (e.g. the connector's Available) is answered too.
    if (endSessions) await this.drained(this.options.callTimeoutMs);
    this.stopping = true;
    for (const task of [this.heartbeatTask, this.bootRetryTask, this.reconnectTask, this.retryTask]) task?.cancel();
    this.retryTask = undefined;
    this.failAll(new Error('station stopped'));
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) {
      if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
      else this.socket.close(1000);
    }
    await this.closed;
    this.stats.stations--;
  }

  call(action: string, payload: CallPayload, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      if (this.stopping) return reject(new Error('station stopped'));
      if (this.queue.length >= MAX_QUEUE) return reject(new Error(`${action}: CALL queue full`));
      const pending: PendingCall = { action, payload, preBoot: options.preBoot === true, failures: 0, resolve, reject };
      if (action === 'BootNotification') this.queue.unshift(pending);
      else this.queue.push(pending);
      this.pump();
    });
  }

  notify(action: string, payload: CallPayload, options?: CallOptions): void {
    this.call(action, payload, options).catch(() => undefined);
  }

  setHeartbeatInterval(seconds: number): void {
    this.heartbeatS = seconds > 0 ? seconds : this.options.heartbeatFallbackS;
    this.heartbeatTask?.cancel();
    this.heartbeatTask = undefined;
    if (this.open && this.bootState === 'Accepted') this.scheduleHeartbeat(this.heartbeatS * 1000);
  }

  get heartbeatIntervalS(): number {
    return this.heartbeatS;
  }

  sendHeartbeat(options?: CallOptions): void {
    this.notify('Heartbeat', {}, options);
  }

  sendBoot(options: CallOptions = { preBoot: true }): void {
    this.bootRetryTask?.cancel();
    this.call('BootNotification', this.behaviour.bootPayload(), { preBoot: true, ...options }).then(
      (answer) => this.onBootAnswer(answer),
      () => {
        if (!this.stopping && this.open) this.bootRetryTask = this.scheduler.after(BOOT_RETRY_DEFAULT_S * 1000, () => this.sendBoot());
      },
    );
  }

  reboot(delayMs: number): void {
    this.scheduler.after(delayMs, () => {
      if (this.stopping) return;
      this.bootOnOpen = true;
      this.socket?.close(1000, 'reset');
    });
  }

  private connect(): void {
    if (this.stopping) return;
    const url = `${this.options.baseUrl}/${encodeURIComponent(this.id)}`;
    const headers: Record<string, string> = {};
    if (this.options.password && this.options.securityProfile <= 2) {
      headers.Authorization = `Basic ${Buffer.from(`${this.id}:${this.options.password}`).toString('base64')}`;
    }
    const clientOptions: ClientOptions = { headers, perMessageDeflate: false, handshakeTimeout: 15_000 };
    const tls = this.options.tls;
    if (tls) {
      clientOptions.rejectUnauthorized = tls.rejectUnauthorized;
      if (tls.ca) clientOptions.ca = tls.ca;
      if (tls.cert) clientOptions.cert = tls.cert;
      if (tls.key) clientOptions.key = tls.key;
    }
    const socket = new WebSocket(url, [this.protocol], clientOptions);
    this.socket = socket;
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.onClose(socket);
        resolve();
      });
    });
    socket.on('open', () => this.onOpen(socket));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) this.onMessage(data.toString('utf8'));
    });
    socket.on('error', () => {
      if (!this.open) this.stats.connectFailures++;
    });
  }

  private onOpen(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.open = true;
    this.attempt = 0;
    this.stats.connected++;
    const reconnect = this.everOpened;
    this.everOpened = true;
    if (this.bootOnOpen || (reconnect && this.options.bootOnReconnect) || !this.everAccepted) {
      this.bootOnOpen = false;
      this.bootState = this.everAccepted ? this.bootState : 'None';
      this.sendBoot();
    } else {
      if (this.bootState === 'Accepted') this.scheduleHeartbeat(this.heartbeatS * 1000);
      this.behaviour.onReconnected();
    }
    this.pump();
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    if (this.open) this.stats.connected--;
    this.open = false;
    this.socket = undefined;
    this.heartbeatTask?.cancel();
    this.heartbeatTask = undefined;
    this.bootRetryTask?.cancel();
    const lost = this.inflight;
    if (lost) {
      lost.timeout.cancel();
      this.inflight = undefined;
      if (isTransactionMessage(lost.action) && !this.stopping) this.queue.unshift(lost);
      else lost.reject(new Error(`${lost.action}: connection closed`));
    }
    if (this.stopping) return;
    // Queued non-transaction messages are stale after an outage; drop them.
    const keep: PendingCall[] = [];
    for (const pending of this.queue) {
      if (isTransactionMessage(pending.action)) keep.push(pending);
      else pending.reject(new Error(`${pending.action}: connection closed`));
    }
    this.queue = keep;
    const delay = backoffDelay(this.attempt++, this.options.reconnectMinMs, this.options.reconnectMaxMs, this.random());
    this.reconnectTask = this.scheduler.after(delay, () => {
      this.stats.reconnects++;
      this.connect();
    });
  }

  private onBootAnswer(answer: Record<string, unknown>): void {
    const status = answer.status as BootState;
    const interval = typeof answer.interval === 'number' ? answer.interval : 0;
    if (status === 'Accepted') {
      const first = !this.everAccepted;
      if (first) this.stats.booted++;
      this.everAccepted = true;
      this.bootState = 'Accepted';
      this.setHeartbeatInterval(interval);
      this.behaviour.onBootAccepted(first);
      this.pump();
      return;
    }
    this.bootState = status;
    if (status === 'Pending') this.stats.bootPending++;
    else this.stats.bootRejected++;
    // Pending/Rejected: `interval` is the minimum wait before the next Boot.
    this.bootRetryTask = this.scheduler.after((interval > 0 ? interval : BOOT_RETRY_DEFAULT_S) * 1000, () => {
      if (this.open && this.bootState !== 'Accepted') this.sendBoot();
    });
  }

  private scheduleHeartbeat(firstAfterMs: number): void {
    this.heartbeatTask?.cancel();
    // Spread the first heartbeat so a fleet that booted together does not beat together.
    const first = Math.max(1_000, firstAfterMs * (0.5 + this.random() * 0.5));
    this.heartbeatTask = this.scheduler.every(this.heartbeatS * 1000, () => this.sendHeartbeat(), first);
  }

  private pump(): void {
    if (!this.open || this.inflight || this.retryTask || this.queue.length === 0) return;
    const accepted = this.bootState === 'Accepted';
    const index = accepted ? 0 : this.queue.findIndex((p) => p.preBoot);
    if (index < 0) return;
    const [next] = this.queue.splice(index, 1);
    const id = `${processTag}${(this.nextId++).toString(36)}`;
    // A retried CALL goes out with the same payload as before (only a new message id).
    const payload = typeof next.payload === 'function' ? (next.payload as () => object)() : next.payload;
    next.payload = payload;
    const inflight: InFlight = {
      ...next,
      id,
      sent: payload,
      sentAt: performance.now(),
      timeout: this.scheduler.after(this.options.callTimeoutMs, () => this.onTimeout(id)),
    };
    this.inflight = inflight;
    this.stats.callsSent++;
    this.checkOutgoing('request', next.action, payload);
    this.send(JSON.stringify([MessageType.Call, id, next.action, payload]));
  }

  /** A transaction message that failed goes back to the head of the queue, sent again after a pause. */
  private retryLater(failed: InFlight): boolean {
    const retry = this.options.transactionRetry ?? DEFAULT_TRANSACTION_RETRY;
    if (!isTransactionMessage(failed.action) || this.stopping || failed.failures + 1 >= retry.attempts) return false;
    failed.failures++;
    this.stats.transactionRetries++;
    const { id: _id, sent: _sent, sentAt: _sentAt, timeout: _timeout, ...pending } = failed;
    this.queue.unshift(pending);
    this.retryTask = this.scheduler.after(retry.intervalMs * failed.failures, () => {
      this.retryTask = undefined;
      this.pump();
    });
    return true;
  }

  private onTimeout(id: string): void {
    const inflight = this.inflight;
    if (!inflight || inflight.id !== id) return;
    this.inflight = undefined;
    this.stats.timeouts++;
    const error = new CallTimeout(inflight.action);
    if (!this.retryLater(inflight)) inflight.reject(error);
    this.pump();
  }

  private send(text: string): void {
    if (!this.socket || !this.open) return;
    this.stats.framesSent++;
    this.env.tap?.('out', this, text);
    this.socket.send(text);
  }

  private onMessage(text: string): void {
    this.stats.framesReceived++;
    this.env.tap?.('in', this, text);
    const parsed = parseFrame(this.protocol, text);
    if (!parsed.ok) {
      if (parsed.reply) this.send(serializeFrame(parsed.reply));
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case MessageType.Call:
        this.onCall(frame);
        return;
      case MessageType.CallResult:
      case MessageType.CallError: {
        const inflight = this.inflight;
        if (!inflight || inflight.id !== frame.id) return; // late or unknown: ignore
        this.inflight = undefined;
        inflight.timeout.cancel();
        this.stats.latency.record(performance.now() - inflight.sentAt);
        if (frame.type === MessageType.CallResult) {
          inflight.resolve(frame.payload);
        } else {
          this.stats.callErrorsReceived++;
          const error = new CallErrorReceived(inflight.action, frame.code, frame.description);
          if (!this.retryLater(inflight)) inflight.reject(error);
        }
        // After the caller's continuation has run (it may set what the next payload needs, e.g. the
        // 1.6 transactionId from the StartTransaction answer).
        queueMicrotask(() => this.pump());
        return;
      }
      default:
        return;
    }
  }

  private onCall(call: Call): void {
    this.stats.callsReceived++;
    const info = actionInfo(this.protocol, call.action);
    if (!info || !allowsDirection(info, 'CsmsToStation')) {
      return this.replyError(call.id, 'NotImplemented', `${call.action} is not implemented`);
    }
    const valid = this.env.validator.validateRequest(this.protocol, call.action, call.payload);
    if (!valid.ok) return this.replyError(call.id, valid.error, valid.message);
    let result;
    try {
      result = this.behaviour.handle(call.action, call.payload);
    } catch (error) {
      return this.replyError(call.id, 'InternalError', error instanceof Error ? error.message : String(error));
    }
    if (!result) return this.replyError(call.id, 'NotImplemented', `${call.action} is not implemented by the simulator`);
    this.checkOutgoing('response', call.action, result.payload);
    this.send(JSON.stringify([MessageType.CallResult, call.id, result.payload]));
    result.then?.();
  }

  private replyError(id: string, name: RpcErrorName, description: string): void {
    this.stats.callErrorsSent++;
    this.send(serializeFrame(callErrorFrame(this.protocol, id, name, description)));
  }

  private checkOutgoing(kind: 'request' | 'response', action: string, payload: object): void {
    if (!this.env.validateOutgoing) return;
    const outcome =
      kind === 'request'
        ? this.env.validator.validateRequest(this.protocol, action, payload)
        : this.env.validator.validateResponse(this.protocol, action, payload);
    if (!outcome.ok) this.stats.validationErrors++;
  }

  /** Resolves when nothing is queued or in flight (or the connection is gone, or after `timeoutMs`). */
  private async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.open && (this.inflight || this.queue.length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private failAll(error: Error): void {
    const inflight = this.inflight;
    this.inflight = undefined;
    inflight?.timeout.cancel();
    inflight?.reject(error);
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
