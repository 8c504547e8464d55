import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { SessionTracker } from '../application/session-tracker';
import type { EnergyServiceConfig } from '../config/energy-service-config';

/** The energy-service's own group on `sessions.lifecycle.v1` (from the beginning): the sessions it shares capacity between. */
export class SessionsLifecycleConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly tracker: SessionTracker,
    config: Pick<EnergyServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.sessions`,
      topics: [config.topics.SessionLifecycle],
      stage: 'sessions-lifecycle',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.tracker.apply(parseSessionLifecycleEvent(JSON.parse(message.value)));
  }
}
