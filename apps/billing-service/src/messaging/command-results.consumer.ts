import type { Logger } from 'pino';
import { commandOwner, parseOcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { StationTariffResults } from '../application/station-tariffs/station-tariff-results';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { classifyBillingFailure } from './billing-failure-class';

/**
 * Applies the results of billing-owned commands from `ocpp.commands.v1` (own consumer group),
 * whoever sent them (e.g. the generic `/ocpp/{action}` endpoint): the tariffs stations hold.
 * Applying a result twice changes nothing.
 */
export class CommandResultsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly results: StationTariffResults,
    config: BillingServiceConfig,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: config.billing.commandsGroupId,
      topics: [config.topics.OcppCommands],
      stage: 'command-results',
      classify: classifyBillingFailure,
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    const event = parseOcppCommandEvent(JSON.parse(message.value));
    if (commandOwner(event.result.request.action) !== 'billing-service') return;
    await this.results.apply(event.result, new Date(event.answeredAt));
  }
}
