import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { parseSessionLifecycleEvent, type SessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { RecentMap, READ_MODEL_BATCH_WINDOW_MS, consume, type DeadLetterSink } from '@voltlane/service-kit';

/** Keeps sessionId → (station, transaction reference) from sessions.lifecycle.v1 (own group, from the beginning). */
export class SessionRefsConsumer {
  private subscription: Subscription | undefined;
  /** What this process last stored per session: an Updated event repeats it, and needs no write. */
  private readonly stored = new RecentMap<string, string>(50_000);

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly dataSource: DataSource,
    private readonly options: { groupId: string; topic: string; deadLetters: DeadLetterSink },
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { groupId, topic, deadLetters } = this.options;
    this.subscription = await consume({ subscriber: this.subscriber, groupId, topics: [topic], stage: 'session-refs', deadLetters, logger: this.logger, batchWindowMs: READ_MODEL_BATCH_WINDOW_MS }, (m) => this.consume(m));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  async consume(message: BusMessage): Promise<void> {
    await this.apply(parseSessionLifecycleEvent(JSON.parse(message.value)));
  }

  /** Idempotent upsert; skipped when it would store what this process stored last for the session. */
  async apply(event: SessionLifecycleEvent): Promise<void> {
    const row = JSON.stringify([event.stationId, event.transactionRef, event.startedAt, event.endedAt ?? null]);
    if (this.stored.get(event.sessionId) === row) return;
    await this.dataSource.query(
      `INSERT INTO session_refs (session_id, station_id, transaction_ref, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id) DO UPDATE SET transaction_ref = EXCLUDED.transaction_ref, ended_at = COALESCE(EXCLUDED.ended_at, session_refs.ended_at)`,
      [event.sessionId, event.stationId, event.transactionRef, event.startedAt, event.endedAt ?? null],
    );
    this.stored.set(event.sessionId, row);
  }
}
