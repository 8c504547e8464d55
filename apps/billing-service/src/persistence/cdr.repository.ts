import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CdrEntity } from './cdr.entity';

export interface StoredCdr {
  cdrId: string;
  sessionId: string;
  stationId: string;
  /** The exact text published (and re-published). */
  payload: string;
  issuedAt: Date;
}

@Injectable()
export class CdrRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

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
    if (!stored) throw new Error(`CDR of session ${cdr.sessionId} vanished after insert`);
    return stored;
  }

  async markPublished(cdrId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE cdrs SET published_at = $2, publish_count = publish_count + 1 WHERE cdr_id = $1`, [cdrId, at]);
  }
}

function toStored(row: CdrEntity): StoredCdr {
  return { cdrId: row.cdrId, sessionId: row.sessionId, stationId: row.stationId, payload: row.payload, issuedAt: row.issuedAt };
}
