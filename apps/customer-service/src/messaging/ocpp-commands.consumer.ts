import type { Logger } from 'pino';
import { commandOwner, parseOcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { LocalListService } from '../application/local-list.service';

/**
 * Applies the results of customer-owned commands (SendLocalList, GetLocalListVersion, ClearCache)
 * from `ocpp.commands.v1`, whichever service or endpoint sent them. Idempotent per correlation id.
 */
export class OcppCommandsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly localLists: LocalListService,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'ocpp-commands' });
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  protected async handle(message: BusMessage): Promise<void> {
    const event = parseOcppCommandEvent(JSON.parse(message.value));
    if (commandOwner(event.result.request.action) !== 'customer-service') return;
    await this.localLists.apply(event.result, new Date(event.answeredAt));
  }
}
