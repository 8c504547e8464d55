import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type DeadLetterSink } from '@voltlane/service-kit';
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
export class SessionLifecycleConsumer extends TopicConsumer {
  constructor(
    @Inject(EVENT_SUBSCRIBER) subscriber: EventSubscriber,
    @Inject(SessionBillingService) private readonly billing: SessionBillingService,
    @Inject(DEAD_LETTERS) deadLetters: DeadLetterSink,
    @Inject(BILLING_CONFIG) config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) logger: Logger,
  ) {
    super(subscriber, deadLetters, logger, {
      groupId: config.billing.sessionsGroupId,
      topics: [config.topics.SessionLifecycle],
      // A new group must not skip sessions that ended before it first joined.
      fromBeginning: true,
      stage: 'session-lifecycle',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
      classify: classifyBillingFailure,
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.billing.handle(parseSessionLifecycleEvent(JSON.parse(message.value)));
  }
}
