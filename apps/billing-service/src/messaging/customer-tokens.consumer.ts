import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseCustomerTokenSnapshot } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber } from '@voltlane/messaging';
import { TopicConsumer, type DeadLetterSink } from '@voltlane/service-kit';
import { CustomerDirectory } from '../application/customer-directory';
import { BILLING_CONFIG, BILLING_LOGGER, DEAD_LETTERS, EVENT_SUBSCRIBER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { classifyBillingFailure } from './billing-failure-class';

/** Keeps the token → customer read model from `customers.tokens.v1`. */
@Injectable()
export class CustomerTokensConsumer extends TopicConsumer {
  constructor(
    @Inject(EVENT_SUBSCRIBER) subscriber: EventSubscriber,
    @Inject(CustomerDirectory) private readonly customers: CustomerDirectory,
    @Inject(DEAD_LETTERS) deadLetters: DeadLetterSink,
    @Inject(BILLING_CONFIG) config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) logger: Logger,
  ) {
    super(subscriber, deadLetters, logger, { groupId: config.billing.tokensGroupId, topics: [config.topics.CustomerTokens], stage: 'customer-tokens', classify: classifyBillingFailure });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.customers.apply(parseCustomerTokenSnapshot(JSON.parse(message.value)));
  }
}
