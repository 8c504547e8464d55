import type { Logger } from 'pino';
import { parseMeteringSamplesEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { SessionMetering } from '../application/session-metering';
import type { EnergyServiceConfig } from '../config/energy-service-config';

const CURRENT_IMPORT = '"Current.Import"';

/**
 * The energy-service's own group on `metering.samples.v1`: per-phase currents of running sessions
 * (phases learnt, under-use, overloads). A new group starts at the latest offset: old samples say
 * nothing about what sessions draw now.
 */
export class MeteringSamplesConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly metering: SessionMetering,
    config: Pick<EnergyServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.metering`,
      topics: [config.topics.MeteringSamples],
      fromBeginning: false,
      stage: 'metering-samples',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    // Only per-phase current matters here: most records (energy registers alone) are dropped unparsed.
    if (!message.value.includes(CURRENT_IMPORT)) return;
    await this.metering.apply(parseMeteringSamplesEvent(JSON.parse(message.value)));
  }
}
