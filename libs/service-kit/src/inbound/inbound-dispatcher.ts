import type { Logger } from 'pino';
import { MessageType, callErrorFrame, ocppValidator, serializeFrame, type CallError, type OcppVersion } from '@voltlane/ocpp';
import { replyChannelOf, type CallReplyEnvelope } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, ReplyChannel, Subscription } from '@voltlane/messaging';
import {
  SpanKind,
  context as otelContext,
  contextFromTraceparent,
  endSpan,
  trace,
  traceparentOf,
  tracer,
  withLogContext,
  type Span,
} from '@voltlane/telemetry';
import { RedriveHeader, redrivenForAnotherGroup, type DeadLetters } from '../consuming/dead-letter';
import { classifyFailure } from '../consuming/failure-class';
import { parkRecord, retryTransient, TransientFailureExhausted } from '../consuming/failure-policy';
import { definitiveAnswer } from './definitive-answer';
import { inboundCallContext, type InboundCallContext } from './inbound-call-context';
import { OcppCallError } from './ocpp-call-error';
import type { OcppCallHandler, OcppFrameObserver } from './ocpp-call-handler';

export interface InboundDispatcherOptions {
  groupId: string;
  topic: string;
  /** Where frames that fail permanently are parked. */
  deadLetters: DeadLetters;
  /** Attempts of a handler on a transient failure before the CALL is answered InternalError. */
  maxAttempts?: number;
  retryBaseMs?: number;
}

type Outcome = 'result' | 'callerror' | 'refused' | 'failed';

/**
 * A service's consumer of `ocpp.inbound.v1`: routes each station CALL to the handler registered
 * for its action and version, and sends the answer to the reply channel of the gateway instance
 * that holds the station's socket. Observers see the frames they asked for.
 *
 * The subscriber hands it records of different stations concurrently and one station's records
 * one after another (KafkaSubscriber: per-key order, offsets committed only behind finished
 * records), so `handle` must not assume that frames of different stations are serialized.
 */
export class InboundDispatcher {
  private readonly handlers = new Map<string, OcppCallHandler>();
  /**
   * Station CALLs handled, by action and outcome: result, callerror (the handler's own), refused
   * (failed permanently: answered definitively and dead-lettered), failed (transient failure that
   * outlasted the retries: answered InternalError); read by metrics.
   */
  readonly handled = new Map<string, Record<Outcome, number>>();
  /** CALLERRORs answered, by action and error code (the handler's own, InternalError, definitive refusals); read by metrics. */
  readonly callErrors = new Map<string, { action: string; code: string; count: number }>();
  /** Set by the metrics binder: a CALL was handled in `seconds`. */
  onHandled: ((action: string, seconds: number) => void) | undefined;
  private subscription: Subscription | undefined;

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly replyChannel: ReplyChannel,
    handlers: readonly OcppCallHandler[],
    private readonly observers: readonly OcppFrameObserver[],
    private readonly logger: Logger,
    private readonly options: InboundDispatcherOptions,
  ) {
    for (const handler of handlers) {
      for (const version of handler.versions) {
        const key = handlerKey(version, handler.action);
        if (this.handlers.has(key)) throw new Error(`two handlers for ${key}`);
        this.handlers.set(key, handler);
      }
    }
  }

  /** Where it parks what fails permanently (the operator API lists and re-drives them). */
  get deadLetters(): DeadLetters {
    return this.options.deadLetters;
  }

  /** Where it consumes from (for consumer-lag metrics). */
  get source(): EventSubscriber {
    return this.subscriber;
  }

  /** The (version, action) pairs this dispatcher answers, for the one-answering-service check. */
  answers(version: OcppVersion): string[] {
    return [...this.handlers.keys()]
      .filter((k) => k.startsWith(`${version}:`))
      .map((k) => k.slice(version.length + 1))
      .sort();
  }

  async start(): Promise<void> {
    // A refusal is checked against the action's response schema (definitiveAnswer): compile those
    // now, not on the first bad frame of each action, on the event loop every station shares.
    for (const key of this.handlers.keys()) {
      const [version, action] = key.split(/:(.*)/s) as [OcppVersion, string];
      ocppValidator.validateResponse(version, action, {});
    }
    // A new group starts at the earliest offset, so nothing sent before its first join is skipped;
    // an existing group resumes from its committed offsets.
    this.subscription = await this.subscriber.subscribe(
      { groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: true },
      (m) => this.handle(m),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /**
   * Handles one inbound record; resolves when it is answered (or known to need no answer). A
   * permanent failure never rejects: the CALL gets a definitive answer and the frame becomes a
   * dead letter. It rejects only on a transient failure that outlasted the retries of an observer
   * or of the reply, so the adapter delivers the record again.
   */
  async handle(message: BusMessage): Promise<void> {
    if (redrivenForAnotherGroup(message, this.options.groupId)) return;
    let context: InboundCallContext;
    try {
      context = inboundCallContext(message);
    } catch (error) {
      await parkRecord(this.policy('decode'), message, classifyFailure(error), error);
      return;
    }
    // Every service's group reads every frame: what this one neither answers nor observes is
    // dropped here, from the headers, before any decoding or tracing.
    const handler = this.handlers.get(handlerKey(context.protocol, context.action));
    const watching = this.observers.filter((o) => o.actions === '*' || o.actions.includes(context.action));
    if (!handler && watching.length === 0) return;
    if (!handler && watching.every((o) => o.readsPayload === false)) {
      await this.observe(message, {}, context, watching);
      return;
    }
    let payload: Record<string, unknown>;
    try {
      const frame = JSON.parse(message.value) as unknown[];
      if (!Array.isArray(frame)) throw new SyntaxError('frame is not a JSON array');
      payload = (frame[frame[0] === MessageType.Call || frame[0] === MessageType.Send ? 3 : 2] ?? {}) as Record<string, unknown>;
    } catch (error) {
      await parkRecord(this.policy('decode'), message, classifyFailure(error), error);
      return;
    }
    // A re-driven frame was answered when it first came: only its effects are wanted now.
    if (message.headers[RedriveHeader.Group]) context = { ...context, answered: true };
    const parent = contextFromTraceparent(context.traceparent);
    const span = tracer('voltlane.service').startSpan(
      `ocpp ${context.action} ${this.options.groupId}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'ocpp.station_id': context.stationId,
          'ocpp.message_id': context.messageId,
          'ocpp.action': context.action,
          'messaging.system': this.subscriber.messagingSystem ?? 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': message.topic,
          'messaging.consumer.group.name': this.options.groupId,
        },
      },
      parent,
    );
    const started = performance.now();
    const answering = context;
    try {
      await withLogContext({ stationId: context.stationId, messageId: context.messageId, action: context.action }, () =>
        otelContext.with(trace.setSpan(parent, span), async () => {
          await this.observe(message, payload, answering, watching);
          if (!handler) return;
          const answer = await this.run(message, handler, payload, answering);
          if (!answering.answered) await this.reply(answering, answer, span);
        }),
      );
      this.onHandled?.(context.action, (performance.now() - started) / 1000);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  private policy(stage: string) {
    return { groupId: this.options.groupId, stage, deadLetters: this.options.deadLetters, logger: this.logger };
  }

  private retries(context: InboundCallContext) {
    return {
      maxAttempts: this.options.maxAttempts ?? 5,
      baseMs: this.options.retryBaseMs ?? 100,
      onRetry: (failure: { code: string; reason: string }, attempt: number) =>
        this.logger.warn(
          { stationId: context.stationId, action: context.action, code: failure.code, reason: failure.reason, attempt },
          'retrying',
        ),
    };
  }

  private async observe(
    message: BusMessage,
    payload: Record<string, unknown>,
    context: InboundCallContext,
    watching: readonly OcppFrameObserver[],
  ): Promise<void> {
    for (const observer of watching) {
      const outcome = await retryTransient(() => observer.observe(payload, context), this.retries(context));
      if (outcome.ok) continue;
      if (outcome.failure.kind === 'transient') throw new TransientFailureExhausted(outcome.failure, outcome.attempts, outcome.error);
      // This observer's part is parked; the other observers and the answering handler go on.
      await parkRecord(
        this.policy(`observer:${observer.name ?? observer.constructor.name}`),
        message,
        outcome.failure,
        outcome.error,
        stationOf(context),
      );
    }
  }

  private async run(
    message: BusMessage,
    handler: OcppCallHandler,
    payload: Record<string, unknown>,
    context: InboundCallContext,
  ): Promise<string> {
    const outcome = await retryTransient(async () => {
      try {
        return { kind: 'result' as const, result: await handler.handle(payload, context) };
      } catch (error) {
        if (error instanceof OcppCallError) return { kind: 'callError' as const, error };
        throw error;
      }
    }, this.retries(context));
    if (outcome.ok) {
      const answered = outcome.value;
      if (answered.kind === 'callError') {
        this.count(context.action, 'callerror');
        return this.callError(
          context,
          callErrorFrame(context.protocol, context.messageId, answered.error.errorName, answered.error.message, answered.error.details),
        );
      }
      this.count(context.action, 'result');
      return serializeFrame({ type: MessageType.CallResult, id: context.messageId, payload: answered.result });
    }
    if (outcome.failure.kind === 'transient') {
      this.count(context.action, 'failed');
      this.logger.error(
        { err: outcome.error, code: outcome.failure.code, attempts: outcome.attempts },
        'handler failed; answered InternalError',
      );
      return this.callError(
        context,
        callErrorFrame(context.protocol, context.messageId, 'InternalError', 'The CSMS could not process the message; retry later'),
      );
    }
    await parkRecord(this.policy(`handler:${context.action}`), message, outcome.failure, outcome.error, stationOf(context));
    this.count(context.action, 'refused');
    const answer = definitiveAnswer(context.protocol, context.action, payload, outcome.failure);
    return 'result' in answer
      ? serializeFrame({ type: MessageType.CallResult, id: context.messageId, payload: answer.result })
      : this.callError(context, callErrorFrame(context.protocol, context.messageId, answer.error, answer.description));
  }

  private count(action: string, outcome: Outcome): void {
    let counts = this.handled.get(action);
    if (!counts) this.handled.set(action, (counts = { result: 0, callerror: 0, refused: 0, failed: 0 }));
    counts[outcome]++;
  }

  /** Counts a CALLERROR answer by its action and code (as the station's version spells it) and serializes it. */
  private callError(context: InboundCallContext, frame: CallError): string {
    const key = `${context.action}\u0000${frame.code}`;
    const entry = this.callErrors.get(key);
    if (entry) entry.count++;
    else this.callErrors.set(key, { action: context.action, code: frame.code, count: 1 });
    return serializeFrame(frame);
  }

  private async reply(context: InboundCallContext, frame: string, span: Span): Promise<void> {
    const traceparent = traceparentOf(span) ?? context.traceparent;
    const envelope: CallReplyEnvelope = {
      kind: 'reply',
      stationId: context.stationId,
      connectionId: context.connectionId,
      messageId: context.messageId,
      frame,
      ...(traceparent ? { traceparent } : {}),
    };
    await this.replyChannel.send(replyChannelOf(context.gatewayInstance), JSON.stringify(envelope));
  }
}

function stationOf(context: InboundCallContext): { stationId: string; action: string; messageId: string } {
  return { stationId: context.stationId, action: context.action, messageId: context.messageId };
}

function handlerKey(version: OcppVersion, action: string): string {
  return `${version}:${action}`;
}
