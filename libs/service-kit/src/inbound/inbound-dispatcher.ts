import type { Logger } from 'pino';
import { MessageType, callErrorFrame, serializeFrame, type OcppVersion } from '@voltlane/ocpp';
import { replyChannelOf, type CallReplyEnvelope } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, ReplyChannel, Subscription } from '@voltlane/messaging';
import { SpanKind, context as otelContext, contextFromTraceparent, endSpan, trace, traceparentOf, tracer, withLogContext, type Span } from '@voltlane/telemetry';
import { inboundCallContext, type InboundCallContext } from './inbound-call-context';
import { OcppCallError } from './ocpp-call-error';
import type { OcppCallHandler, OcppFrameObserver } from './ocpp-call-handler';

export interface InboundDispatcherOptions {
  groupId: string;
  topic: string;
  /** Attempts of a handler on an unexpected error before the CALL is answered InternalError. */
  maxAttempts?: number;
  retryBaseMs?: number;
}

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
  /** Station CALLs handled, by action and outcome (result, callerror, failed); read by metrics. */
  readonly handled = new Map<string, { result: number; callerror: number; failed: number }>();
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

  /** Where it consumes from (for consumer-lag metrics). */
  get source(): EventSubscriber {
    return this.subscriber;
  }

  /** The (version, action) pairs this dispatcher answers, for the one-answering-service check. */
  answers(version: OcppVersion): string[] {
    return [...this.handlers.keys()].filter((k) => k.startsWith(`${version}:`)).map((k) => k.slice(version.length + 1)).sort();
  }

  async start(): Promise<void> {
    // A new group starts at the earliest offset, so nothing sent before its first join is skipped;
    // an existing group resumes from its committed offsets.
    this.subscription = await this.subscriber.subscribe({ groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: true }, (m) => this.handle(m));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Handles one inbound record; resolves when it is answered (or known to need no answer). */
  async handle(message: BusMessage): Promise<void> {
    let context: InboundCallContext;
    let payload: Record<string, unknown>;
    try {
      context = inboundCallContext(message);
      const frame = JSON.parse(message.value) as unknown[];
      payload = (frame[frame[0] === MessageType.Call || frame[0] === MessageType.Send ? 3 : 2] ?? {}) as Record<string, unknown>;
    } catch (error) {
      this.logger.error({ err: error, offset: message.offset }, 'malformed inbound record skipped');
      return;
    }
    const parent = contextFromTraceparent(context.traceparent);
    const span = tracer('voltlane.service').startSpan(
      `ocpp ${context.action} ${this.options.groupId}`,
      { kind: SpanKind.CONSUMER, attributes: { 'ocpp.station_id': context.stationId, 'ocpp.message_id': context.messageId, 'ocpp.action': context.action } },
      parent,
    );
    const started = performance.now();
    try {
      await withLogContext({ stationId: context.stationId, messageId: context.messageId, action: context.action }, () =>
        otelContext.with(trace.setSpan(parent, span), async () => {
        await this.observe(payload, context);
        const handler = this.handlers.get(handlerKey(context.protocol, context.action));
        if (!handler) return;
        const answer = await this.run(handler, payload, context);
        if (!context.answered) await this.reply(context, answer, span);
        }),
      );
      this.onHandled?.(context.action, (performance.now() - started) / 1000);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  private async observe(payload: Record<string, unknown>, context: InboundCallContext): Promise<void> {
    for (const observer of this.observers) {
      if (observer.actions !== '*' && !observer.actions.includes(context.action)) continue;
      await this.withRetries(context, () => observer.observe(payload, context));
    }
  }

  private async run(handler: OcppCallHandler, payload: Record<string, unknown>, context: InboundCallContext): Promise<string> {
    try {
      const result = await this.withRetries(context, () => handler.handle(payload, context));
      this.count(context.action, 'result');
      return serializeFrame({ type: MessageType.CallResult, id: context.messageId, payload: result });
    } catch (error) {
      if (error instanceof OcppCallError) {
        this.count(context.action, 'callerror');
        return serializeFrame(callErrorFrame(context.protocol, context.messageId, error.errorName, error.message, error.details));
      }
      this.count(context.action, 'failed');
      this.logger.error({ err: error }, 'handler failed; answered InternalError');
      return serializeFrame(callErrorFrame(context.protocol, context.messageId, 'InternalError', 'The CSMS could not process the message; retry later'));
    }
  }

  /** Retries unexpected failures (a database blip); OcppCallError is an answer, not a failure. */
  private async withRetries<T>(context: InboundCallContext, work: () => Promise<T>): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const base = this.options.retryBaseMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof OcppCallError || attempt >= maxAttempts) throw error;
        this.logger.warn({ err: error, stationId: context.stationId, action: context.action, attempt }, 'retrying');
        await new Promise((resolve) => setTimeout(resolve, base * 2 ** (attempt - 1)));
      }
    }
  }

  private count(action: string, outcome: 'result' | 'callerror' | 'failed'): void {
    let counts = this.handled.get(action);
    if (!counts) this.handled.set(action, (counts = { result: 0, callerror: 0, failed: 0 }));
    counts[outcome]++;
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

function handlerKey(version: OcppVersion, action: string): string {
  return `${version}:${action}`;
}
