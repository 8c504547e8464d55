import type { Logger } from 'pino';
import { parseOcpiTokenEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { RoamingTokens } from '../application/roaming-tokens.service';

/** Keeps the roaming partners' tokens from `ocpi.tokens.v1` (the ocpi-service's) as id tokens; a record that breaks the contract is parked. */
export class OcpiTokensConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly roaming: RoamingTokens,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'ocpi-tokens' });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.roaming.apply(parseOcpiTokenEvent(JSON.parse(message.value)));
  }
}
