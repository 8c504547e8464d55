import type { Logger } from 'pino';
import { parseStationConnectionEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { StationConnections } from '../application/station-connections';
import type { EnergyServiceConfig } from '../config/energy-service-config';

/** The energy-service's own group on `stations.connections.v1`: stations online or not, profiles re-applied on connect. */
export class StationConnectionsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly connections: StationConnections,
    config: Pick<EnergyServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.connections`,
      topics: [config.topics.StationConnections],
      stage: 'station-connections',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.connections.apply(parseStationConnectionEvent(JSON.parse(message.value)));
  }

  /** Stops consuming, then waits for the re-applies under way. */
  override async stop(): Promise<void> {
    await super.stop();
    await this.connections.idle();
  }
}
