import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseTariffCatalogEntry } from '@voltlane/contracts';
import type { Subscription } from '@voltlane/messaging';
import { consume, type ServicePorts } from '@voltlane/service-kit';
import { LOGGER, SERVICE_PORTS, SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';
import { TariffCatalogRepository } from '../persistence/tariff-catalog.repository';

/**
 * Keeps the replica of the billing-service's tariffs from `billing.tariffs.v1` (own consumer
 * group, from the beginning), so the TransactionEventResponse totalCost is priced without a call
 * to another service (ADR 0016). A record that breaks the contract is parked as a dead letter.
 */
@Injectable()
export class TariffCatalogReadModel {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(TariffCatalogRepository) private readonly catalog: TariffCatalogRepository,
    @Inject(SERVICE_PORTS) private readonly ports: ServicePorts,
    @Inject(SESSION_CONFIG) private readonly config: SessionServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await consume(
      {
        subscriber: this.ports.subscriber,
        groupId: this.config.tariffsGroupId,
        topics: [this.config.topics.BillingTariffs],
        stage: 'tariff-catalog',
        deadLetters: this.ports.deadLetters,
        logger: this.logger,
      },
      (message) => this.catalog.apply(parseTariffCatalogEntry(JSON.parse(message.value))),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }
}
