import type { Logger } from 'pino';
import { parseBillingCdr, parseSessionLifecycleEvent, parseStationConnectionEvent, parseStationStatusEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts, type TopicMap } from '@voltlane/service-kit';
import type { ReportServiceConfig } from '../config/report-service-config';
import { liveEventOf, type LiveEvent } from '../domain/live-events';
import type { LiveHub } from '../application/live-hub';

/** The consumer group of one process's live consumer: its own, so every process sees every record. */
export const liveGroupIdOf = (config: Pick<ReportServiceConfig, 'groupId' | 'instanceId'>): string =>
  `${config.groupId}.live.${config.instanceId}`;

/**
 * Each report-service process's second consumer: a group of its own (`<group>.live.<instance>`)
 * that starts at the end of the topics (only what happens from now on), writes nothing and hands
 * each record, as a small event, to the process's LiveHub. A record that breaks its contract is
 * skipped here (the read model's consumer parks it as a dead letter); with no client connected a
 * record is not even parsed.
 */
export class LiveEventsConsumer extends TopicConsumer {
  private readonly topics: TopicMap;

  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly hub: LiveHub,
    config: ReportServiceConfig,
    private readonly log: Logger,
  ) {
    const { StationStatus, StationConnections, SessionLifecycle, BillingCdrs } = config.topics;
    super(ports.subscriber, ports.deadLetters, log, {
      groupId: liveGroupIdOf(config),
      topics: [StationConnections, StationStatus, SessionLifecycle, BillingCdrs],
      fromBeginning: false,
      stage: 'report-live-events',
    });
    this.topics = config.topics;
  }

  protected handle(message: BusMessage): Promise<void> {
    if (!this.hub.listening) return Promise.resolve();
    let event: LiveEvent | undefined;
    try {
      event = this.eventOf(message);
    } catch (error) {
      this.log.debug(
        { topic: message.topic, offset: message.offset, err: error },
        'live events: record skipped (not a valid contract record)',
      );
    }
    if (event) this.hub.publish(event);
    return Promise.resolve();
  }

  private eventOf(message: BusMessage): LiveEvent | undefined {
    const { topics } = this;
    const value: unknown = JSON.parse(message.value);
    switch (message.topic) {
      case topics.StationConnections:
        return liveEventOf.connection(parseStationConnectionEvent(value));
      case topics.StationStatus:
        return liveEventOf.status(parseStationStatusEvent(value));
      case topics.SessionLifecycle:
        return liveEventOf.session(parseSessionLifecycleEvent(value));
      case topics.BillingCdrs:
        return liveEventOf.cdr(parseBillingCdr(value));
      default:
        return undefined;
    }
  }
}
