import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { commandOwner, parseOcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber } from '@voltlane/messaging';
import { TopicConsumer, type DeadLetterSink } from '@voltlane/service-kit';
import { BILLING_CONFIG, BILLING_LOGGER, DEAD_LETTERS, EVENT_SUBSCRIBER } from '../billing.tokens';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { StationTariffResults } from '../station-tariffs/station-tariff-results';
import { classifyBillingFailure } from './billing-failure-class';

/**
 * Applies the results of billing-owned commands from `ocpp.commands.v1` (own consumer group),
 * whoever sent them (e.g. the generic `/ocpp/{action}` endpoint): the tariffs stations hold.
 * Applying a result twice changes nothing.
 */
@Injectable()
export class CommandResultsConsumer extends TopicConsumer {
  constructor(
    @Inject(EVENT_SUBSCRIBER) subscriber: EventSubscriber,
    @Inject(StationTariffResults) private readonly results: StationTariffResults,
    @Inject(DEAD_LETTERS) deadLetters: DeadLetterSink,
    @Inject(BILLING_CONFIG) config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) logger: Logger,
  ) {
    super(subscriber, deadLetters, logger, { groupId: config.billing.commandsGroupId, topics: [config.topics.OcppCommands], stage: 'command-results', classify: classifyBillingFailure });
  }

  protected async handle(message: BusMessage): Promise<void> {
    const event = parseOcppCommandEvent(JSON.parse(message.value));
    if (commandOwner(event.result.request.action) !== 'billing-service') return;
    await this.results.apply(event.result, new Date(event.answeredAt));
  }
}
