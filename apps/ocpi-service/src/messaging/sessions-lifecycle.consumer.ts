import type { Logger } from 'pino';
import { parseSessionLifecycleEvent, type SessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { RoamingFilter } from '../application/sessions/roaming-filter';
import type { OcpiServiceConfig } from '../config/ocpi-service-config';

/** What one part does with a record that concerns roaming. */
export type LifecycleApplier = (event: SessionLifecycleEvent) => Promise<void>;

/**
 * The ocpi-service's one group on `sessions.lifecycle.v1` (from the beginning): records of local
 * sessions are dropped by the RoamingFilter (mostly without a statement); the others go to each
 * part in order — the roaming sessions pushed to their eMSP, the transactions STOP_SESSION needs.
 * A record that breaks the contract is parked as a dead letter; the next ones go on.
 */
export class SessionsLifecycleConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly filter: RoamingFilter,
    private readonly appliers: readonly LifecycleApplier[],
    config: Pick<OcpiServiceConfig, 'groupId' | 'topics'>,
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: `${config.groupId}.sessions`,
      topics: [config.topics.SessionLifecycle],
      stage: 'roaming-sessions',
    });
  }

  protected async handle(message: BusMessage): Promise<void> {
    const event = parseSessionLifecycleEvent(JSON.parse(message.value));
    if (!(await this.filter.concerns({ ...event, final: event.type === 'Ended' }))) return;
    for (const apply of this.appliers) await apply(event);
  }
}
