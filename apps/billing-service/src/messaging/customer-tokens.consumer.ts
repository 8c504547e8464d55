import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseCustomerTokenSnapshot } from '@voltlane/contracts';
import type { EventSubscriber, Subscription } from '@voltlane/messaging';
import { consume, type DeadLetterSink } from '@voltlane/service-kit';
import { CustomerDirectory } from '../application/customer-directory';
import { BILLING_CONFIG, BILLING_LOGGER, DEAD_LETTERS, EVENT_SUBSCRIBER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { classifyBillingFailure } from './billing-failure-class';

/** Keeps the token → customer read model from `customers.tokens.v1`. */
@Injectable()
export class CustomerTokensConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_SUBSCRIBER) private readonly subscriber: EventSubscriber,
    @Inject(CustomerDirectory) private readonly customers: CustomerDirectory,
    @Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetterSink,
    @Inject(BILLING_CONFIG) private readonly config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await consume(
      {
        subscriber: this.subscriber,
        groupId: this.config.billing.tokensGroupId,
        topics: [this.config.topics.CustomerTokens],
        stage: 'customer-tokens',
        deadLetters: this.deadLetters,
        logger: this.logger,
        classify: classifyBillingFailure,
      },
      (message) => this.customers.apply(parseCustomerTokenSnapshot(JSON.parse(message.value))),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
