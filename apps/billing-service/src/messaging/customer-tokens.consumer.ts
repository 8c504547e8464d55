import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseCustomerTokenSnapshot } from '@voltlane/contracts';
import type { EventSubscriber, Subscription } from '@voltlane/messaging';
import { CustomerDirectory } from '../application/customer-directory';
import { BILLING_CONFIG, BILLING_LOGGER, EVENT_SUBSCRIBER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { BillingFailureRepository } from '../persistence/billing-failure.repository';
import { guardedHandler } from './guarded-handler';

/** Keeps the token → customer read model from `customers.tokens.v1`. */
@Injectable()
export class CustomerTokensConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_SUBSCRIBER) private readonly subscriber: EventSubscriber,
    @Inject(CustomerDirectory) private readonly customers: CustomerDirectory,
    @Inject(BillingFailureRepository) private readonly failures: BillingFailureRepository,
    @Inject(BILLING_CONFIG) private readonly config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.subscriber.subscribe(
      { groupId: this.config.billing.tokensGroupId, topics: [this.config.topics.CustomerTokens], fromBeginning: true },
      guardedHandler((message) => this.customers.apply(parseCustomerTokenSnapshot(JSON.parse(message.value))), this.failures, this.logger),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
