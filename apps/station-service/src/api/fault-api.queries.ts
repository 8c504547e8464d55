import type { DataSource } from 'typeorm';
import type { Page, PageQuery } from '@voltlane/api-kit';
import type { StationFaultSource, StationFaultState } from '@voltlane/contracts';
import { StationFaultEntity } from '../persistence/station-fault.entity';

export interface FaultListQuery extends PageQuery {
  stationId?: string;
  state?: StationFaultState;
  source?: StationFaultSource;
  code?: string;
  from?: string;
  to?: string;
}

/** The read side of the faults API. */
export class FaultApiQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (by first seen). */
  async list(query: FaultListQuery): Promise<Page<StationFaultEntity>> {
    const qb = this.dataSource.getRepository(StationFaultEntity).createQueryBuilder('f');
    if (query.stationId) qb.andWhere('f.station_id = :stationId', { stationId: query.stationId });
    if (query.state) qb.andWhere('f.state = :state', { state: query.state });
    if (query.source) qb.andWhere('f.source = :source', { source: query.source });
    if (query.code) qb.andWhere('f.code = :code', { code: query.code });
    if (query.from) qb.andWhere('f.first_seen_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('f.first_seen_at < :to', { to: new Date(query.to) });
    const [items, total] = await qb
      .orderBy('f.first_seen_at', 'DESC')
      .addOrderBy('f.id', 'DESC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { items, total, limit: query.limit, offset: query.offset };
  }

  get(id: string): Promise<StationFaultEntity | null> {
    return this.dataSource.getRepository(StationFaultEntity).findOne({ where: { id } });
  }
}
