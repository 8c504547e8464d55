import type { Logger } from 'pino';
import { parseEnergySiteLoad } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { MeasuredLoadsService } from '../application/limits/measured-loads.service';
import type { EnergyServiceConfig } from '../config/energy-service-config';
import { asPermanent, instantOf } from './energy-failure';

/**
 * Measured unmanaged loads from `energy.site-loads.v1` (meters, building management): the latest
 * per node is kept and the site re-planned. A record of an unknown site or node is a dead letter.
 */
export class SiteLoadsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly loads: MeasuredLoadsService,
    config: EnergyServiceConfig,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.site-loads`,
      topics: [config.topics.EnergySiteLoads],
      stage: 'energy-site-loads',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    const record = parseEnergySiteLoad(JSON.parse(message.value));
    const [l1, l2, l3] = record.currentA;
    await this.loads
      .record(
        {
          siteId: record.siteId,
          nodeId: record.nodeId,
          currentA: [l1 ?? 0, l2 ?? 0, l3 ?? 0],
          measuredAt: instantOf(record.measuredAt, 'measuredAt'),
        },
        'topic',
      )
      .catch(asPermanent);
  }
}
