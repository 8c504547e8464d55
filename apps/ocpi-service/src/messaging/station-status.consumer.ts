import type { Logger } from 'pino';
import { parseStationStatusEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { EvseStatusService } from '../application/locations/evse-status.service';
import type { OcpiServiceConfig } from '../config/ocpi-service-config';

/** The ocpi-service's own group on `stations.status.v1`: each connector's status → its EVSE's OCPI status (pushed as a PATCH when it changes). */
export class StationStatusConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly statuses: EvseStatusService,
    config: Pick<OcpiServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.station-status`,
      topics: [config.topics.StationStatus],
      stage: 'ocpi-station-status',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.statuses.applyStatus(parseStationStatusEvent(JSON.parse(message.value)));
  }
}
