import type { EntityManager } from 'typeorm';
import { sessionLifecycleEventContract, type SessionLifecycleType } from '@voltlane/contracts';
import { lifecycleEvent } from '../../domain/lifecycle-event';
import type { Session } from '../../domain/session';
import type { OutboxRepository } from './outbox.repository';

/** Writes `sessions.lifecycle.v1` events to the outbox, in the caller's transaction, validated against the contract. */
export class LifecycleOutbox {
  constructor(
    private readonly outbox: OutboxRepository,
    /** The `sessions.lifecycle.v1` topic name. */
    private readonly topic: string,
  ) {}

  async add(m: EntityManager, session: Session, type: SessionLifecycleType, update?: { ref: string | number; at: Date }): Promise<void> {
    await this.addAll(m, [{ session, type, update }]);
  }

  /** `add` for several events, in one statement. */
  async addAll(
    m: EntityManager,
    events: readonly { session: Session; type: SessionLifecycleType; update?: { ref: string | number; at: Date } }[],
  ): Promise<void> {
    await this.outbox.addAll(
      m,
      events.map(({ session, type, update }) => {
        const event = sessionLifecycleEventContract.outgoing(lifecycleEvent(session, type, update));
        return { eventId: event.eventId, topic: this.topic, key: event.stationId, value: JSON.stringify(event) };
      }),
    );
  }
}
