import type { Logger } from 'pino';
import { ContractViolation, parseSessionLifecycleEvent, type SessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import type { SessionTokenRepository } from '../persistence/session-token.repository';

/** Keeps the sessions running per token (for ConcurrentTx) from `sessions.lifecycle.v1`. */
export class SessionLifecycleConsumer {
  private subscription: Subscription | undefined;

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly sessions: SessionTokenRepository,
    private readonly logger: Logger,
    private readonly options: { groupId: string; topic: string },
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.subscriber.subscribe(
      { groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: true },
      (message) => this.handle(message),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async handle(message: BusMessage): Promise<void> {
    let event: SessionLifecycleEvent;
    try {
      event = parseSessionLifecycleEvent(JSON.parse(message.value));
    } catch (error) {
      if (!(error instanceof ContractViolation) && !(error instanceof SyntaxError)) throw error;
      this.logger.error({ err: error, topic: message.topic, offset: message.offset }, 'invalid session lifecycle record skipped');
      return;
    }
    // Idempotent and order-tolerant: a redelivered or overtaken event cannot revive an ended session.
    await this.sessions.record(event.sessionId, event.idTokenKey ?? null, event.type === 'Ended', new Date(event.occurredAt));
  }
}
