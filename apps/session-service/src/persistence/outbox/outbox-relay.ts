import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { TRACEPARENT, type EventPublisher } from '@voltlane/messaging';
import type { OutboxRepository } from './outbox.repository';

const BATCH = 200;

/**
 * Publishes what the outbox holds, oldest first, and marks it published. Runs after every change
 * and at start-up; flushes of this process run one after another, other replicas skip locked rows.
 * A crash between publish and mark re-publishes the identical record (consumers de-duplicate).
 *
 * Changes that ask for a flush while one runs share the next one: at most one flush runs and one
 * waits, and the waiting one publishes everything committed before it starts. Under load that is
 * one transaction (lock, publish, mark) for many changes instead of one each.
 */
export class OutboxRelay {
  private tail: Promise<void> = Promise.resolve();
  /** The flush that has not started yet, which every change asking now can wait for. */
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
  ) {}

  flush(): Promise<void> {
    if (this.waiting) return this.waiting;
    const run = this.tail.then(() => {
      this.waiting = undefined;
      return this.flushAll();
    });
    this.waiting = run;
    this.tail = run.catch((error: unknown) => this.logger.warn({ err: error }, 'outbox flush failed; retried on the next change'));
    return run;
  }

  private async flushAll(): Promise<void> {
    for (;;) {
      const published = await this.dataSource.transaction(async (m) => {
        const pending = await this.outbox.lockPending(m, BATCH);
        if (pending.length === 0) return 0;
        await Promise.all(
          pending.map((r) =>
            this.publisher.publish({
              topic: r.topic,
              key: r.key,
              value: r.value,
              headers: { 'event-id': r.eventId, ...(r.traceparent ? { [TRACEPARENT]: r.traceparent } : {}) },
            }),
          ),
        );
        await this.outbox.markPublished(
          m,
          pending.map((r) => r.id),
        );
        return pending.length;
      });
      if (published < BATCH) return;
    }
  }
}
