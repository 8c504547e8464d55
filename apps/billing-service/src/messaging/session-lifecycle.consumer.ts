import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { EventSubscriber, Subscription } from '@voltlane/messaging';
import { SessionBillingService } from '../application/session-billing.service';
import { BILLING_CONFIG, BILLING_LOGGER, EVENT_SUBSCRIBER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { BillingFailureRepository } from '../persistence/billing-failure.repository';
import { guardedHandler } from './guarded-handler';

/** Billing's own consumer group on `sessions.lifecycle.v1`; every record is validated first. */
@Injectable()
export class SessionLifecycleConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_SUBSCRIBER) private readonly subscriber: EventSubscriber,
    @Inject(SessionBillingService) private readonly billing: SessionBillingService,
    @Inject(BillingFailureRepository) private readonly failures: BillingFailureRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // fromBeginning: a new group must not skip sessions that ended before it first joined.
    this.subscription = await this.subscriber.subscribe(
      { groupId: this.config.billing.sessionsGroupId, topics: [this.config.topics.SessionLifecycle], fromBeginning: true },
      guardedHandler((message) => this.billing.handle(parseSessionLifecycleEvent(JSON.parse(message.value))), this.failures, this.logger),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
