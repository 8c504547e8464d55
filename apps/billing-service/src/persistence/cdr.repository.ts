import type { DataSource } from 'typeorm';
import { CdrEntity } from './cdr.entity';
import { TransientFailure } from '@voltlane/service-kit';

/** CDR filters of the operator API; the time range is on the session end (from inclusive, to exclusive). */
export interface CdrFilter {
  endedFrom?: Date;
  endedTo?: Date;
  stationId?: string;
  customerId?: string;
  /** The one CDR of a session. */
  sessionId?: string;
  anomalous?: boolean;
}

export interface StoredCdr {
  cdrId: string;
  sessionId: string;
  stationId: string;
  /** The exact text published (and re-published). */
  payload: string;
  issuedAt: Date;
}

export class CdrRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(cdrId: string): Promise<StoredCdr | null> {
    const row = await this.dataSource.getRepository(CdrEntity).findOneBy({ cdrId });
    return row ? toStored(row) : null;
  }

  /** A page of CDRs matching the filter, newest end first (parameterized SQL only). */
  async list(filter: CdrFilter, page: { limit: number; offset: number }): Promise<{ items: StoredCdr[]; total: number }> {
    const query = this.filtered(filter);
    const [rows, total] = await query
      .orderBy('c.ended_at', 'DESC')
      .addOrderBy('c.cdr_id', 'ASC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    return { items: rows.map(toStored), total };
  }

  /** Every CDR matching the filter, oldest end first, in batches (keyset pagination, for exports). */
  async *each(filter: CdrFilter, batchSize = 500): AsyncGenerator<StoredCdr> {
    let after: { endedAt: string; cdrId: string } | undefined;
    for (;;) {
      const query = this.filtered(filter);
      if (after) query.andWhere('(c.ended_at, c.cdr_id) > (:afterEnd, :afterId)', { afterEnd: after.endedAt, afterId: after.cdrId });
      const rows = await query
        .addSelect('c.ended_at', 'ended_at')
        .orderBy('c.ended_at', 'ASC')
        .addOrderBy('c.cdr_id', 'ASC')
        .limit(batchSize)
        .getRawAndEntities();
      for (const row of rows.entities) yield toStored(row);
      if (rows.entities.length < batchSize) return;
      const last = rows.raw[rows.raw.length - 1] as { ended_at: string; c_cdr_id: string };
      after = { endedAt: last.ended_at, cdrId: last.c_cdr_id };
    }
  }

  private filtered(filter: CdrFilter) {
    const query = this.dataSource.getRepository(CdrEntity).createQueryBuilder('c');
    if (filter.endedFrom) query.andWhere('c.ended_at >= :endedFrom', { endedFrom: filter.endedFrom.toISOString() });
    if (filter.endedTo) query.andWhere('c.ended_at < :endedTo', { endedTo: filter.endedTo.toISOString() });
    if (filter.stationId !== undefined) query.andWhere('c.station_id = :stationId', { stationId: filter.stationId });
    if (filter.customerId !== undefined) query.andWhere('c.customer_id = :customerId', { customerId: filter.customerId });
    if (filter.sessionId !== undefined) query.andWhere('c.session_id = :sessionId', { sessionId: filter.sessionId });
    if (filter.anomalous !== undefined) query.andWhere('c.anomalous = :anomalous', { anomalous: filter.anomalous });
    return query;
  }

  async findBySession(sessionId: string): Promise<StoredCdr | null> {
    const row = await this.dataSource.getRepository(CdrEntity).findOneBy({ sessionId });
    return row ? toStored(row) : null;
  }

  /**
   * Stores the CDR unless the session already has one, and returns the one stored: the first
   * issued CDR of a session wins, whoever computed it, so every publication carries the same text.
   */
  async insertOrGet(cdr: StoredCdr): Promise<StoredCdr> {
    await this.dataSource
      .getRepository(CdrEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...cdr, publishedAt: null, publishCount: 0 })
      .orIgnore()
      .execute();
    const stored = await this.findBySession(cdr.sessionId);
    if (!stored) throw new TransientFailure(`CDR of session ${cdr.sessionId} vanished after insert`);
    return stored;
  }

  /** CDRs issued and not published yet (Kafka refused them so far): how many, and the age of the oldest in seconds. */
  async unpublished(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const [row] = await this.dataSource.query<{ n: number; age: number | null }[]>(
      `SELECT count(*)::int AS n, extract(epoch FROM now() - min(issued_at))::float8 AS age FROM cdrs WHERE published_at IS NULL`,
    );
    return { count: row?.n ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  }

  async markPublished(cdrId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE cdrs SET published_at = $2, publish_count = publish_count + 1 WHERE cdr_id = $1`, [cdrId, at]);
  }
}

function toStored(row: CdrEntity): StoredCdr {
  return { cdrId: row.cdrId, sessionId: row.sessionId, stationId: row.stationId, payload: row.payload, issuedAt: row.issuedAt };
}
