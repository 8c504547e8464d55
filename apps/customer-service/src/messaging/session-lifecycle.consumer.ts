import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, consume, type DeadLetterSink } from '@voltlane/service-kit';
import type { SessionTokenRepository } from '../persistence/session-token.repository';

/** Keeps the sessions running per token (for ConcurrentTx) from `sessions.lifecycle.v1`. */
export class SessionLifecycleConsumer {
  private subscription: Subscription | undefined;

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly sessions: SessionTokenRepository,
    private readonly logger: Logger,
    private readonly options: { groupId: string; topic: string; deadLetters: DeadLetterSink },
  ) {}

  async start(): Promise<void> {
    const { groupId, topic, deadLetters } = this.options;
    this.subscription = await consume({ subscriber: this.subscriber, groupId, topics: [topic], stage: 'session-lifecycle', deadLetters, logger: this.logger, batchWindowMs: READ_MODEL_BATCH_WINDOW_MS }, (message) => this.handle(message));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  async handle(message: BusMessage): Promise<void> {
    const event = parseSessionLifecycleEvent(JSON.parse(message.value));
    // Idempotent and order-tolerant: a redelivered or overtaken event cannot revive an ended session.
    await this.sessions.record(event.sessionId, event.idTokenKey ?? null, event.type === 'Ended', new Date(event.occurredAt));
  }
}
