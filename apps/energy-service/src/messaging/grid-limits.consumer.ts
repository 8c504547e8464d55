import type { Logger } from 'pino';
import { parseEnergyGridLimit } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { ExternalLimitsService } from '../application/limits/external-limits.service';
import type { EnergyServiceConfig } from '../config/energy-service-config';
import { asPermanent, instantOf } from './energy-failure';

/**
 * External limits from `energy.grid-limits.v1` (a grid operator's signal): idempotent on limitId,
 * `cleared: true` ends the limit. A record of an unknown site or node is a dead letter.
 */
export class GridLimitsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly limits: ExternalLimitsService,
    config: EnergyServiceConfig,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.grid-limits`,
      topics: [config.topics.EnergyGridLimits],
      stage: 'energy-grid-limits',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    const record = parseEnergyGridLimit(JSON.parse(message.value));
    const limitA = record.limitA;
    await this.limits
      .applyTopicLimit({
        limitId: record.limitId,
        siteId: record.siteId,
        nodeId: record.nodeId,
        ...(record.origin !== undefined ? { origin: record.origin } : {}),
        ...(limitA !== undefined ? { limitA: [limitA[0] ?? 0, limitA[1] ?? 0, limitA[2] ?? 0] as const } : {}),
        ...(record.limitKw !== undefined ? { limitKw: record.limitKw } : {}),
        ...(record.validFrom !== undefined ? { validFrom: instantOf(record.validFrom, 'validFrom') } : {}),
        ...(record.validTo !== undefined ? { validTo: instantOf(record.validTo, 'validTo') } : {}),
        ...(record.cleared !== undefined ? { cleared: record.cleared } : {}),
      })
      .catch(asPermanent);
  }
}
