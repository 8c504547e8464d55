import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventPublisher } from '@voltlane/messaging';
import { openServiceDatabase } from '../persistence/service-database';
import {
  RedriveHeader,
  type DeadLetterFilter,
  type DeadLetterInput,
  type DeadLetters,
  type DeadLetterView,
} from '../consuming/dead-letter';
import { CreateDeadLetters1765000000000 } from './1765000000000-create-dead-letters';
import { DeadLetterEntity } from './dead-letter.entity';

const MAX_REASON = 4_000;

/** PostgreSQL text holds no U+0000: it is written as the JSON escape, which a JSON reader turns back. */
function storable(text: string, max = Number.POSITIVE_INFINITY): string {
  const clean = text.includes('\u0000') ? text.split('\u0000').join('\\u0000') : text;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * The dead letters of every service, in one table of a schema they share (`ops` by default, like
 * `iam` for API keys), so an operator finds them through any service's API. A record failing
 * again is counted on its letter, never stored twice; a re-driven record that fails again reopens
 * the letter it came from.
 */
export class DeadLetterStore implements DeadLetters {
  /** Dead letters recorded by this process, by consumer group and code (for metrics). */
  readonly recorded = new Map<string, { groupId: string; code: string; count: number }>();

  private constructor(
    readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  /** Opens (and migrates) the table; `publisher` carries re-driven records back to their topic. */
  static async open(databaseUrl: string, publisher: EventPublisher, schema = 'ops', poolSize = 2): Promise<DeadLetterStore> {
    const dataSource = await openServiceDatabase({
      url: databaseUrl,
      schema,
      entities: [DeadLetterEntity],
      migrations: [CreateDeadLetters1765000000000],
      poolSize,
    });
    return new DeadLetterStore(dataSource, publisher);
  }

  async record(input: DeadLetterInput): Promise<void> {
    const { message } = input;
    const headers = { ...message.headers };
    const reopen = headers[RedriveHeader.DeadLetterId];
    delete headers[RedriveHeader.DeadLetterId];
    delete headers[RedriveHeader.Group];
    const code = storable(input.code, 200);
    const reason = storable(input.reason, MAX_REASON);
    let stored = false;
    if (reopen && /^[0-9a-f-]{36}$/.test(reopen)) {
      const rows = returned(
        await this.dataSource.query(
          `UPDATE dead_letters SET status = 'open', occurrences = occurrences + 1, last_failed_at = now(), code = $2, reason = $3 WHERE id = $1 RETURNING id`,
          [reopen, code, reason],
        ),
      );
      stored = rows.length > 0;
    }
    if (!stored) {
      await this.dataSource.query(
        `INSERT INTO dead_letters (id, group_id, stage, topic, partition, record_offset, record_key, station_id, action, message_id, code, reason, payload, headers, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'open')
         ON CONFLICT (group_id, stage, topic, partition, record_offset)
         DO UPDATE SET occurrences = dead_letters.occurrences + 1, last_failed_at = now(), code = EXCLUDED.code, reason = EXCLUDED.reason, status = 'open'`,
        [
          randomUUID(),
          storable(input.groupId, 500),
          storable(input.stage, 500),
          storable(message.topic, 500),
          message.partition,
          storable(message.offset, 100),
          storable(message.key, 1_000),
          input.stationId === undefined ? null : storable(input.stationId, 1_000),
          input.action === undefined ? null : storable(input.action, 200),
          input.messageId === undefined ? null : storable(input.messageId, 200),
          code,
          reason,
          storable(message.value),
          storable(JSON.stringify(headers)),
        ],
      );
    }
    const key = `${input.groupId}\u0001${input.code}`;
    const counter = this.recorded.get(key) ?? { groupId: input.groupId, code: input.code, count: 0 };
    counter.count++;
    this.recorded.set(key, counter);
  }

  /** Open letters (parked and neither re-driven nor discarded) by consumer group, in the whole table (metrics). */
  async openByGroup(): Promise<{ groupId: string; count: number }[]> {
    const rows = await this.dataSource.query<{ group_id: string; n: number }[]>(
      `SELECT group_id, count(*)::int AS n FROM dead_letters WHERE status = 'open' GROUP BY group_id`,
    );
    return rows.map((r) => ({ groupId: r.group_id, count: r.n }));
  }

  async list(filter: DeadLetterFilter): Promise<{ items: DeadLetterView[]; total: number }> {
    const { limit, offset, ...conditions } = filter;
    const where = Object.fromEntries(Object.entries(conditions).filter(([, value]) => value !== undefined));
    const [rows, total] = await this.dataSource
      .getRepository(DeadLetterEntity)
      .findAndCount({ where, order: { lastFailedAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
    return { items: rows.map(toView), total };
  }

  async get(id: string): Promise<DeadLetterView | null> {
    if (!isUuid(id)) return null;
    const row = await this.dataSource.getRepository(DeadLetterEntity).findOneBy({ id });
    return row ? toView(row) : null;
  }

  /**
   * Publishes the letter's record again, addressed to the consumer group that failed it, and
   * marks the letter re-driven. Null when there is no such letter.
   */
  async redrive(id: string): Promise<DeadLetterView | null> {
    const letter = await this.get(id);
    if (!letter) return null;
    // Marked first: the re-driven record may fail again (and reopen the letter) before publish resolves.
    const [row] = returned<{ redrive_count: number; redriven_at: Date }>(
      await this.dataSource.query(
        `UPDATE dead_letters SET status = 'redriven', redrive_count = redrive_count + 1, redriven_at = now() WHERE id = $1 RETURNING redrive_count, redriven_at`,
        [id],
      ),
    );
    if (!row) return null;
    try {
      await this.publisher.publish({
        topic: letter.topic,
        key: letter.key,
        value: letter.payload,
        headers: { ...letter.headers, [RedriveHeader.Group]: letter.groupId, [RedriveHeader.DeadLetterId]: letter.id },
      });
    } catch (error) {
      await this.dataSource.query(`UPDATE dead_letters SET status = 'open' WHERE id = $1 AND status = 'redriven'`, [id]);
      throw error;
    }
    return { ...letter, status: 'redriven', redriveCount: row.redrive_count, redrivenAt: new Date(row.redriven_at).toISOString() };
  }

  /** Marks a letter as not to be re-driven (the operator decided it needs nothing more). */
  async discard(id: string): Promise<DeadLetterView | null> {
    if (!isUuid(id)) return null;
    await this.dataSource.query(`UPDATE dead_letters SET status = 'discarded' WHERE id = $1`, [id]);
    return this.get(id);
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
  }
}

/** The rows of an UPDATE … RETURNING: TypeORM's postgres driver gives `[rows, affected]` for UPDATE. */
function returned<T = unknown>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

function toView(row: DeadLetterEntity): DeadLetterView {
  let headers: Record<string, string> = {};
  try {
    headers = JSON.parse(row.headers) as Record<string, string>;
  } catch {
    headers = {};
  }
  return {
    id: row.id,
    groupId: row.groupId,
    stage: row.stage,
    topic: row.topic,
    partition: row.partition,
    offset: row.recordOffset,
    key: row.recordKey,
    stationId: row.stationId,
    action: row.action,
    messageId: row.messageId,
    code: row.code,
    reason: row.reason,
    payload: row.payload,
    headers,
    status: row.status,
    occurrences: row.occurrences,
    redriveCount: row.redriveCount,
    firstFailedAt: row.firstFailedAt.toISOString(),
    lastFailedAt: row.lastFailedAt.toISOString(),
    redrivenAt: row.redrivenAt?.toISOString() ?? null,
  };
}
