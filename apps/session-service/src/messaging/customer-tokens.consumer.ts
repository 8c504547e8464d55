import type { Logger } from 'pino';
import { parseCustomerTokenSnapshot } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { TokenRepository } from '../persistence/token.repository';

/**
 * Keeps the token read model from `customers.tokens.v1`, read from the beginning in its own
 * consumer group. A record that breaks the contract is parked as a dead letter (it would never pass).
 */
export class CustomerTokensConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly tokens: TokenRepository,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'token-read-model' });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.tokens.apply(parseCustomerTokenSnapshot(JSON.parse(message.value)));
  }
}
