import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { commandOwner, parseOcppCommandEvent } from '@voltlane/contracts';
import type { EventSubscriber, Subscription } from '@voltlane/messaging';
import { consume, type DeadLetterSink } from '@voltlane/service-kit';
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
export class CommandResultsConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_SUBSCRIBER) private readonly subscriber: EventSubscriber,
    @Inject(StationTariffResults) private readonly results: StationTariffResults,
    @Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetterSink,
    @Inject(BILLING_CONFIG) private readonly config: BillingServiceConfig,
    @Inject(BILLING_LOGGER) private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await consume(
      {
        subscriber: this.subscriber,
        groupId: this.config.billing.commandsGroupId,
        topics: [this.config.topics.OcppCommands],
        stage: 'command-results',
        deadLetters: this.deadLetters,
        logger: this.logger,
        classify: classifyBillingFailure,
      },
      async (message) => {
        const event = parseOcppCommandEvent(JSON.parse(message.value));
        if (commandOwner(event.result.request.action) !== 'billing-service') return;
        await this.results.apply(event.result, new Date(event.answeredAt));
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
