import type { Logger } from 'pino';
import { parseOcppFramesBatch } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { MessageLogService } from '../application/message-log.service';

/**
 * The message log's own group on `ocpp.frames.v1` (batches of frames from every gateway
 * instance): each record is stored in one INSERT. A read model: nobody waits on it, so it reads
 * with the batch window of the read models.
 */
export class OcppFramesConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly log: MessageLogService,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: route.groupId,
      topics: [route.topic],
      stage: 'ocpp-frames',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
    });
  }

  /** Parses and stores one batch; a record that breaks the contract throws (the failure policy parks it). */
  protected async handle(message: BusMessage): Promise<void> {
    await this.log.store(parseOcppFramesBatch(JSON.parse(message.value)));
  }
}
