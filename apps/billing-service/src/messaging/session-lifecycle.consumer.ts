import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { EventSubscriber, Subscription } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, consume, type DeadLetterSink } from '@voltlane/service-kit';
import { SessionBillingService } from '../application/session-billing.service';
import { BILLING_CONFIG, BILLING_LOGGER, DEAD_LETTERS, EVENT_SUBSCRIBER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { classifyBillingFailure } from './billing-failure-class';

/**
 * Billing's own consumer group on `sessions.lifecycle.v1`; every record is validated first. A
 * record that breaks its contract or a billing rule is parked as a dead letter (see
 * classifyBillingFailure); one bad session does not stop the stations behind it.
 */
@Injectable()
export class SessionLifecycleConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_SUBSCRIBER) private readonly subscriber: EventSubscriber,
    @Inject(SessionBillingService) private readonly billing: SessionBillingService,
    @Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetterSink,
    @Inject(BILLING_CONFIG) private readonly config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // fromBeginning (consume's default): a new group must not skip sessions that ended before it first joined.
    this.subscription = await consume(
      {
        subscriber: this.subscriber,
        groupId: this.config.billing.sessionsGroupId,
        topics: [this.config.topics.SessionLifecycle],
        fromBeginning: true,
        stage: 'session-lifecycle',
        deadLetters: this.deadLetters,
        logger: this.logger,
        classify: classifyBillingFailure,
        batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
      },
      (message) => this.billing.handle(parseSessionLifecycleEvent(JSON.parse(message.value))),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
