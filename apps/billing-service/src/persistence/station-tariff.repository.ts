import type { DataSource, EntityManager } from 'typeorm';
import { assertColumnBounds } from '@voltlane/service-kit';
import { StationTariffEntity } from './station-tariff.entity';

/** A tariff a station holds, as recorded from its answers. */
export interface StationTariff {
  stationId: string;
  evseId: number;
  stationTariffId: string;
  tariffKind: string;
  tariffId: string | null;
  tariffVersion: number | null;
  transactionId: string | null;
  idTokens: string[] | null;
  validFrom: Date | null;
  reportedBy: string;
  reportedAt: Date;
}

/** Which recorded tariffs of a station a change touches: all, those at one EVSE, those with one id. */
export interface StationTariffFilter {
  evseId?: number;
  stationTariffId?: string;
}

/** The tariffs stations hold (station_tariffs): I/O only; StationTariffResults decides what changes. */
export class StationTariffRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async upsert(m: EntityManager, tariff: StationTariff): Promise<void> {
    assertColumnBounds(this.dataSource, StationTariffEntity, { ...tariff });
    await m.getRepository(StationTariffEntity).upsert(tariff, ['stationId', 'stationTariffId', 'evseId', 'tariffKind']);
  }

  async remove(m: EntityManager, stationId: string, filter: StationTariffFilter = {}): Promise<void> {
    await m.getRepository(StationTariffEntity).delete({
      stationId,
      ...(filter.evseId !== undefined ? { evseId: filter.evseId } : {}),
      ...(filter.stationTariffId !== undefined ? { stationTariffId: filter.stationTariffId } : {}),
    });
  }

  /** Marks a command result applied; false when it already was (then it must change nothing). */
  async markApplied(m: EntityManager, stationId: string, correlationId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO station_tariff_results_applied (correlation_id, station_id) VALUES ($1, $2)
       ON CONFLICT (correlation_id) DO NOTHING RETURNING correlation_id`,
      [correlationId, stationId],
    );
    return rows.length > 0;
  }

  async list(stationId: string): Promise<StationTariff[]> {
    return this.dataSource
      .getRepository(StationTariffEntity)
      .find({ where: { stationId }, order: { evseId: 'ASC', stationTariffId: 'ASC', tariffKind: 'ASC' } });
  }
}
