import type { Logger } from 'pino';
import { parseTariffCatalogEntry } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { TariffsService } from '../application/tariffs/tariffs.service';
import type { OcpiServiceConfig } from '../config/ocpi-service-config';

/** The ocpi-service's own group on `billing.tariffs.v1`: each tariff's latest record → its OCPI Tariff (pushed when partners would see a change). */
export class BillingTariffsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly tariffs: TariffsService,
    config: Pick<OcpiServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.billing-tariffs`,
      topics: [config.topics.BillingTariffs],
      stage: 'ocpi-billing-tariffs',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.tariffs.apply(parseTariffCatalogEntry(JSON.parse(message.value)));
  }
}
