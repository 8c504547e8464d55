import type { Logger } from 'pino';
import { parseStationConnectionEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { EvseStatusService } from '../application/locations/evse-status.service';
import type { OcpiServiceConfig } from '../config/ocpi-service-config';

/** The ocpi-service's own group on `stations.connections.v1`: a station away makes its EVSEs UNKNOWN, back their last status. */
export class StationConnectionsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly statuses: EvseStatusService,
    config: Pick<OcpiServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.station-connections`,
      topics: [config.topics.StationConnections],
      stage: 'ocpi-station-connections',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.statuses.applyConnection(parseStationConnectionEvent(JSON.parse(message.value)));
  }
}
