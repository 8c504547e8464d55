import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ContractViolation, parseSessionLifecycleEvent, type SessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';

/** Keeps sessionId → (station, transaction reference) from sessions.lifecycle.v1 (own group, from the beginning). */
export class SessionRefsConsumer {
  private subscription: Subscription | undefined;

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly dataSource: DataSource,
    private readonly options: { groupId: string; topic: string },
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.subscriber.subscribe({ groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: true }, (m) => this.consume(m));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async consume(message: BusMessage): Promise<void> {
    let event: SessionLifecycleEvent;
    try {
      event = parseSessionLifecycleEvent(JSON.parse(message.value));
    } catch (error) {
      if (error instanceof ContractViolation || error instanceof SyntaxError) {
        this.logger.error({ err: error, key: message.key, offset: message.offset }, 'invalid sessions.lifecycle.v1 record skipped');
        return;
      }
      throw error;
    }
    await this.apply(event);
  }

  /** Idempotent upsert. */
  async apply(event: SessionLifecycleEvent): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO session_refs (session_id, station_id, transaction_ref, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id) DO UPDATE SET transaction_ref = EXCLUDED.transaction_ref, ended_at = COALESCE(EXCLUDED.ended_at, session_refs.ended_at)`,
      [event.sessionId, event.stationId, event.transactionRef, event.startedAt, event.endedAt ?? null],
    );
  }
}
