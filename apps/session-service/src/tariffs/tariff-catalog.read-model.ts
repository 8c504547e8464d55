import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseTariffCatalogEntry } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import { LOGGER, SERVICE_PORTS, SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';
import { TariffCatalogRepository } from '../persistence/tariff-catalog.repository';

/**
 * Keeps the replica of the billing-service's tariffs from `billing.tariffs.v1` (own consumer
 * group, from the beginning), so the TransactionEventResponse totalCost is priced without a call
 * to another service (ADR 0016). A record that breaks the contract is parked as a dead letter.
 */
@Injectable()
export class TariffCatalogReadModel extends TopicConsumer {
  constructor(
    @Inject(TariffCatalogRepository) private readonly catalog: TariffCatalogRepository,
    @Inject(SERVICE_PORTS) ports: ServicePorts,
    @Inject(SESSION_CONFIG) config: SessionServiceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: config.tariffsGroupId, topics: [config.topics.BillingTariffs], stage: 'tariff-catalog' });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.catalog.apply(parseTariffCatalogEntry(JSON.parse(message.value)));
  }
}
