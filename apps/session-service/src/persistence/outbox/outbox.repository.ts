import type { EntityManager } from 'typeorm';
import { currentTraceparent } from '@voltlane/telemetry';
import { OutboxEntity } from './outbox.entity';

export interface OutboxRecord {
  eventId: string;
  topic: string;
  key: string;
  value: string;
}

export interface PendingOutboxRecord extends OutboxRecord {
  id: string;
  traceparent: string | null;
}

export class OutboxRepository {
  /** Adds the event unless one with the same id was ever added (so each event exists once). */
  async add(m: EntityManager, record: OutboxRecord): Promise<void> {
    await this.addAll(m, [record]);
  }

  /** `add` for several events, in one statement, each with the trace of the change being made. */
  async addAll(m: EntityManager, records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    const traceparent = currentTraceparent() ?? null;
    await m
      .createQueryBuilder()
      .insert()
      .into(OutboxEntity)
      .values(records.map((r) => ({ ...r, traceparent })))
      .orIgnore()
      .execute();
  }

  /** Unpublished records, oldest first, locked for this transaction (other relays skip them). */
  async lockPending(m: EntityManager, limit: number): Promise<PendingOutboxRecord[]> {
    const rows = await m.query<PendingOutboxRecord[]>(
      `SELECT id::text AS id, event_id AS "eventId", topic, key, value, traceparent FROM outbox
       WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows;
  }

  async markPublished(m: EntityManager, ids: readonly string[]): Promise<void> {
    await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
