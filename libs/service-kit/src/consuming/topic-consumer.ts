import type { Logger } from 'pino';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { consume, type ConsumeOptions } from './consume';
import type { DeadLetterSink } from './dead-letter';

/** What a consumer reads: its group, topics and stage name, and any other ConsumeOptions (classify, batch window …). */
export type TopicRoute = Omit<ConsumeOptions, 'subscriber' | 'deadLetters' | 'logger'>;

/**
 * A service's consumer of one route: `start()` subscribes `handle` under the one failure policy
 * (`consume`), `stop()` closes the subscription. Subclasses say what they read and how a record is
 * applied; the start/stop plumbing is written once.
 */
export abstract class TopicConsumer {
  private subscription: Subscription | undefined;

  protected constructor(
    private readonly subscriber: EventSubscriber,
    private readonly deadLetters: DeadLetterSink,
    private readonly logger: Logger,
    private readonly route: TopicRoute,
  ) {}

  /** Applies one record; throwing hands it to the failure policy. */
  protected abstract handle(message: BusMessage): Promise<void>;

  async start(): Promise<void> {
    const { subscriber, deadLetters, logger } = this;
    this.subscription = await consume({ ...this.route, subscriber, deadLetters, logger }, (message) => this.handle(message));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
