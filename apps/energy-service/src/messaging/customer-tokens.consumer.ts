import type { Logger } from 'pino';
import { parseCustomerTokenSnapshot } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { EnergyServiceConfig } from '../config/energy-service-config';
import type { TokenGroupRepository } from '../persistence/token-group.repository';

/** The energy-service's own group on `customers.tokens.v1` (from the beginning): id token → customer group, for priority rules. */
export class CustomerTokensConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly groups: TokenGroupRepository,
    config: Pick<EnergyServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.tokens`,
      topics: [config.topics.CustomerTokens],
      stage: 'customer-tokens',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.groups.apply(parseCustomerTokenSnapshot(JSON.parse(message.value)));
  }
}
