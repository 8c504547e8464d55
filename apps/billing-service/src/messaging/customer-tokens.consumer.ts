import type { Logger } from 'pino';
import { parseCustomerTokenSnapshot } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { CustomerDirectory } from '../application/customer-directory';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { classifyBillingFailure } from './billing-failure-class';

/** Keeps the token → customer read model from `customers.tokens.v1`. */
export class CustomerTokensConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly customers: CustomerDirectory,
    config: BillingServiceConfig,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: config.billing.tokensGroupId,
      topics: [config.topics.CustomerTokens],
      stage: 'customer-tokens',
      classify: classifyBillingFailure,
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.customers.apply(parseCustomerTokenSnapshot(JSON.parse(message.value)));
  }
}
