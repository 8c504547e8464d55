import type { Logger } from 'pino';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { consume, type ConsumeOptions, type DeadLetterSink } from '@voltlane/service-kit';
import { classifyBillingFailure } from './billing-failure-class';

/** What a billing consumer reads: its group, topic and stage name (and any other ConsumeOptions). */
export type BillingRoute = Omit<ConsumeOptions, 'subscriber' | 'deadLetters' | 'logger' | 'classify'>;

/**
 * One of the billing-service's consumers: started under the one failure policy with billing's own
 * refusals classified first (classifyBillingFailure), stopped by closing its subscription.
 */
export abstract class BillingTopicConsumer {
  private subscription: Subscription | undefined;

  protected constructor(
    private readonly subscriber: EventSubscriber,
    private readonly deadLetters: DeadLetterSink,
    private readonly logger: Logger,
    private readonly route: BillingRoute,
  ) {}

  /** Applies one record; throwing hands it to the failure policy. */
  protected abstract handle(message: BusMessage): Promise<void>;

  async start(): Promise<void> {
    const { subscriber, deadLetters, logger } = this;
    this.subscription = await consume({ ...this.route, subscriber, deadLetters, logger, classify: classifyBillingFailure }, (message) => this.handle(message));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
