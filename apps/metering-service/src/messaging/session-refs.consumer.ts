import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { parseSessionLifecycleEvent, type SessionLifecycleEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { RecentMap, READ_MODEL_BATCH_WINDOW_MS, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';

/** Keeps sessionId → (station, transaction reference) from sessions.lifecycle.v1 (own group, from the beginning). */
export class SessionRefsConsumer extends TopicConsumer {
  /** What this process last stored per session: an Updated event repeats it, and needs no write. */
  private readonly stored = new RecentMap<string, string>(50_000);

  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly dataSource: DataSource,
    route: { groupId: string; topic: string },
    logger: Logger,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, {
      groupId: route.groupId,
      topics: [route.topic],
      stage: 'session-refs',
      batchWindowMs: READ_MODEL_BATCH_WINDOW_MS,
    });
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  protected async handle(message: BusMessage): Promise<void> {
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
