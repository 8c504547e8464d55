import type { Logger } from 'pino';
import { parseTariffCatalogEntry } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { TariffCatalogRepository } from '../persistence/tariff-catalog.repository';

/**
 * Keeps the replica of the billing-service's tariffs from `billing.tariffs.v1` (own consumer
 * group, from the beginning), so the TransactionEventResponse totalCost is priced without a call
 * to another service (ADR 0016). A record that breaks the contract is parked as a dead letter.
 */
export class TariffCatalogConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly catalog: TariffCatalogRepository,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'tariff-catalog' });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.catalog.apply(parseTariffCatalogEntry(JSON.parse(message.value)));
  }
}
