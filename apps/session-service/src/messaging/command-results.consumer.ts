import type { Logger } from 'pino';
import { parseOcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { SessionCommandResults } from '../application/session-command-results';

/**
 * The session-service's own consumer group on `ocpp.commands.v1` (from the beginning): the
 * results of session-owned commands, whoever sent them. A record that breaks the contract is
 * parked as a dead letter.
 */
export class CommandResultsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly results: SessionCommandResults,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'command-results' });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.results.apply(parseOcppCommandEvent(JSON.parse(message.value)));
  }
}
