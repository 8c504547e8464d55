import type { Logger } from 'pino';
import { parseSessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { SessionTokenRepository } from '../persistence/session-token.repository';

/** Keeps the sessions running per token (for ConcurrentTx) from `sessions.lifecycle.v1`. */
export class SessionLifecycleConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly sessions: SessionTokenRepository,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: route.groupId,
      topics: [route.topic],
      stage: 'session-lifecycle',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
    });
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  protected async handle(message: BusMessage): Promise<void> {
    const event = parseSessionLifecycleEvent(JSON.parse(message.value));
    // Idempotent and order-tolerant: a redelivered or overtaken event cannot revive an ended session.
    await this.sessions.record(event.sessionId, event.idTokenKey ?? null, event.type === 'Ended', new Date(event.occurredAt));
  }
}
