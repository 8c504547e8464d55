import type { Logger } from 'pino';
import { parseBillingCdr, parseSessionLifecycleEvent, parseStationConnectionEvent, parseStationStatusEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts, type TopicMap } from '@voltlane/service-kit';
import type { ReportProjector } from '../application/report-projector';
import type { ReportServiceConfig } from '../config/report-service-config';

/**
 * The report-service's one consumer group on the four public topics it reads; every record is
 * validated against its contract before it touches the read model; one that breaks it is parked
 * as a dead letter.
 */
export class ReportEventsConsumer extends TopicConsumer {
  private readonly topics: TopicMap;

  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly projector: ReportProjector,
    config: ReportServiceConfig,
    private readonly log: Logger,
  ) {
    const { StationStatus, StationConnections, SessionLifecycle, BillingCdrs } = config.topics;
    // fromBeginning: a new group builds its read model from the whole history the topics keep.
    super(ports.subscriber, ports.deadLetters, log, {
      groupId: config.groupId,
      topics: [StationStatus, StationConnections, SessionLifecycle, BillingCdrs],
      fromBeginning: true,
      stage: 'report-events',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
    });
    this.topics = config.topics;
  }

  protected async handle(message: BusMessage): Promise<void> {
    const { topics } = this;
    const value: unknown = JSON.parse(message.value);
    switch (message.topic) {
      case topics.StationStatus:
        return this.projector.status(parseStationStatusEvent(value));
      case topics.StationConnections:
        return this.projector.connection(parseStationConnectionEvent(value));
      case topics.SessionLifecycle:
        return this.projector.session(parseSessionLifecycleEvent(value));
      case topics.BillingCdrs:
        return this.projector.cdr(parseBillingCdr(value));
      default:
        this.log.warn({ topic: message.topic }, 'record of a topic the report-service does not read; skipped');
    }
  }
}
