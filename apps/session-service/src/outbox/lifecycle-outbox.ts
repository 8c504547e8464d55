import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sessionLifecycleEventContract, type SessionLifecycleType } from '@voltlane/contracts';
import { SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';
import { lifecycleEvent } from '../domain/lifecycle-event';
import type { Session } from '../domain/session';
import { OutboxRepository } from '../persistence/outbox.repository';

/** Writes `sessions.lifecycle.v1` events to the outbox, in the caller's transaction, validated against the contract. */
@Injectable()
export class LifecycleOutbox {
  constructor(
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(SESSION_CONFIG) private readonly config: SessionServiceConfig,
  ) {}

  async add(m: EntityManager, session: Session, type: SessionLifecycleType, update?: { ref: string | number; at: Date }): Promise<void> {
    await this.addAll(m, [{ session, type, update }]);
  }

  /** `add` for several events, in one statement. */
  async addAll(m: EntityManager, events: readonly { session: Session; type: SessionLifecycleType; update?: { ref: string | number; at: Date } }[]): Promise<void> {
    await this.outbox.addAll(
      m,
      events.map(({ session, type, update }) => {
        const event = sessionLifecycleEventContract.outgoing(lifecycleEvent(session, type, update));
        return { eventId: event.eventId, topic: this.config.topics.SessionLifecycle, key: event.stationId, value: JSON.stringify(event) };
      }),
    );
  }
}
