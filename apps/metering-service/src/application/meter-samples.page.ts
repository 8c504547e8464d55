import type { DataSource } from 'typeorm';
import { MeterSampleEntity } from '../persistence/meter-sample.entity';
import { toStoredSample, type StoredSample } from './meter-samples.query';

export interface SamplePageFilter {
  stationId: string;
  transactionRef?: string;
  measurand?: string;
  /** sampled at or after */
  from?: Date;
  /** sampled before */
  to?: Date;
  limit: number;
  offset: number;
}

/** Paged, filtered sample lists and session → transaction resolution for the operator API. */
export class MeterSamplesPages {
  constructor(private readonly dataSource: DataSource) {}

  async samples(filter: SamplePageFilter): Promise<{ items: StoredSample[]; total: number }> {
    const query = this.dataSource
      .getRepository(MeterSampleEntity)
      .createQueryBuilder('s')
      .where('s.station_id = :stationId', { stationId: filter.stationId });
    if (filter.transactionRef !== undefined) query.andWhere('s.transaction_ref = :ref', { ref: filter.transactionRef });
    if (filter.measurand !== undefined) query.andWhere('s.measurand = :measurand', { measurand: filter.measurand });
    if (filter.from !== undefined) query.andWhere('s.sampled_at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('s.sampled_at < :to', { to: filter.to });
    const [rows, total] = await query
      .orderBy('s.sampled_at', 'ASC')
      .addOrderBy('s.measurand', 'ASC')
      .addOrderBy('s.phase', 'ASC', 'NULLS FIRST')
      .addOrderBy('s.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items: rows.map(toStoredSample), total };
  }

  /** The station and transaction reference of a session (from sessions.lifecycle.v1), or null. */
  async sessionRef(sessionId: string): Promise<{ stationId: string; transactionRef: string } | null> {
    const rows = await this.dataSource.query<{ station_id: string; transaction_ref: string }[]>(
      `SELECT station_id, transaction_ref FROM session_refs WHERE session_id = $1`,
      [sessionId],
    );
    return rows[0] ? { stationId: rows[0].station_id, transactionRef: rows[0].transaction_ref } : null;
  }
}
