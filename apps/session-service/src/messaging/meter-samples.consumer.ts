import type { Logger } from 'pino';
import { parseMeteringSamplesEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { Ocpp16MeterValuesService } from '../application/ocpp16-meter-values.service';

/**
 * The session-service's own consumer group on `metering.samples.v1` (from the beginning): 1.6
 * MeterValues of running transactions update the session's energy so far. Each record is
 * validated; one that breaks the contract is parked as a dead letter.
 */
export class MeterSamplesConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly meterValues: Ocpp16MeterValuesService,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: route.groupId,
      topics: [route.topic],
      stage: 'meter-samples',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.meterValues.apply(parseMeteringSamplesEvent(JSON.parse(message.value)));
  }
}
