import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { SessionBillingService } from '../application/session-billing.service';
import type { BillingServiceConfig } from '../config/billing-service-config';
import { classifyBillingFailure } from './billing-failure-class';

/**
 * Billing's own consumer group on `sessions.lifecycle.v1`; every record is validated first. A
 * record that breaks its contract or a billing rule is parked as a dead letter (see
 * classifyBillingFailure); one bad session does not stop the stations behind it.
 */
export class SessionLifecycleConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly billing: SessionBillingService,
    config: BillingServiceConfig,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: config.billing.sessionsGroupId,
      topics: [config.topics.SessionLifecycle],
      // A new group must not skip sessions that ended before it first joined.
      fromBeginning: true,
      stage: 'session-lifecycle',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
      classify: classifyBillingFailure,
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    await this.billing.handle(parseSessionLifecycleEvent(JSON.parse(message.value)));
  }
}
