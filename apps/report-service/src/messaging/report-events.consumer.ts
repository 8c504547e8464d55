import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseBillingCdr, parseSessionLifecycleEvent, parseStationConnectionEvent, parseStationStatusEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, consume, type DeadLetterSink } from '@voltlane/service-kit';
import { ReportProjector } from '../application/report-projector';
import type { ReportServiceConfig } from '../config/report-service-config';
import { DEAD_LETTERS, EVENT_SUBSCRIBER, REPORT_CONFIG, REPORT_LOGGER } from '../report.tokens';

/**
 * The report-service's one consumer group on the four public topics it reads; every record is
 * validated against its contract before it touches the read model; one that breaks it is parked
 * as a dead letter.
 */
@Injectable()
export class ReportEventsConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_SUBSCRIBER) private readonly subscriber: EventSubscriber,
    @Inject(ReportProjector) private readonly projector: ReportProjector,
    @Inject(DEAD_LETTERS) private readonly deadLetters: DeadLetterSink,
    @Inject(REPORT_CONFIG) private readonly config: ReportServiceConfig,
    @Inject(REPORT_LOGGER) private readonly logger: Logger,
  ) {}

  get topics(): string[] {
    const { StationStatus, StationConnections, SessionLifecycle, BillingCdrs } = this.config.topics;
    return [StationStatus, StationConnections, SessionLifecycle, BillingCdrs];
  }

  async start(): Promise<void> {
    // fromBeginning: a new group builds its read model from the whole history the topics keep.
    this.subscription = await consume(
      { subscriber: this.subscriber, groupId: this.config.groupId, topics: this.topics, fromBeginning: true, stage: 'report-events', deadLetters: this.deadLetters, logger: this.logger, batchWindowMs: READ_MODEL_BATCH_WINDOW_MS },
      (message) => this.apply(message),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  private async apply(message: BusMessage): Promise<void> {
    const { topics } = this.config;
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
        this.logger.warn({ topic: message.topic }, 'record of a topic the report-service does not read; skipped');
    }
  }
}
