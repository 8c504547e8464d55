import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decimal, decimalText, type Tariff, type TariffAssignment, type TariffScope } from '@voltlane/billing-domain';
import { TariffAssignmentEntity } from './tariff-assignment.entity';
import { TariffEntity } from './tariff.entity';

/** Tariff versions and assignments: I/O only, rules live in the TariffService and the domain. */
@Injectable()
export class TariffRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Assignments valid at `at` that could match the session, and every version of their tariffs. */
  async candidates(at: Date, stationId: string, customerGroup: string | null): Promise<{ assignments: TariffAssignment[]; tariffs: Tariff[] }> {
    const rows = await this.dataSource
      .getRepository(TariffAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.valid_from <= :at AND (a.valid_to IS NULL OR a.valid_to > :at)', { at })
      .andWhere(
        "(a.scope = 'default' OR (a.scope = 'station' AND a.station_id = :stationId) OR (a.scope = 'customerGroup' AND a.customer_group = :group))",
        { stationId, group: customerGroup },
      )
      .getMany();
    const assignments = rows.map(toAssignment);
    const ids = [...new Set(assignments.map((a) => a.tariffId))];
    const tariffs = ids.length === 0 ? [] : await this.dataSource.getRepository(TariffEntity).createQueryBuilder('t').where('t.id IN (:...ids)', { ids }).getMany();
    return { assignments, tariffs: tariffs.map(toTariff) };
  }

  async listTariffs(): Promise<Tariff[]> {
    const rows = await this.dataSource.getRepository(TariffEntity).find({ order: { id: 'ASC', version: 'ASC' } });
    return rows.map(toTariff);
  }

  async listAssignments(): Promise<TariffAssignment[]> {
    const rows = await this.dataSource.getRepository(TariffAssignmentEntity).find({ order: { validFrom: 'ASC', id: 'ASC' } });
    return rows.map(toAssignment);
  }

  async latestVersion(id: string): Promise<Tariff | null> {
    const row = await this.dataSource.getRepository(TariffEntity).findOne({ where: { id }, order: { version: 'DESC' } });
    return row ? toTariff(row) : null;
  }

  async insertTariff(tariff: Tariff): Promise<void> {
    await this.dataSource.getRepository(TariffEntity).insert({ ...tariff, createdAt: new Date() });
  }

  async insertAssignment(assignment: TariffAssignment): Promise<void> {
    await this.dataSource.getRepository(TariffAssignmentEntity).insert({
      id: assignment.id,
      tariffId: assignment.tariffId,
      scope: assignment.scope.kind,
      stationId: assignment.scope.kind === 'station' ? assignment.scope.stationId : null,
      customerGroup: assignment.scope.kind === 'customerGroup' ? assignment.scope.customerGroup : null,
      validFrom: assignment.validFrom,
      validTo: assignment.validTo,
      createdAt: new Date(),
    });
  }
}

/** PostgreSQL numerics come back padded (`0.350000`); the domain gets the canonical text (`0.35`). */
function canonical(value: string): string {
  return decimalText(decimal(value));
}

function toTariff(row: TariffEntity): Tariff {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    currency: row.currency,
    timeZone: row.timeZone,
    energyPerKwh: canonical(row.energyPerKwh),
    chargingPerMinute: canonical(row.chargingPerMinute),
    idlePerMinute: canonical(row.idlePerMinute),
    idleGraceMinutes: row.idleGraceMinutes,
    sessionFee: canonical(row.sessionFee),
    bands: row.bands,
    taxRatePercent: canonical(row.taxRatePercent),
    rounding: row.rounding,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}

function toAssignment(row: TariffAssignmentEntity): TariffAssignment {
  let scope: TariffScope;
  switch (row.scope) {
    case 'station':
      scope = { kind: 'station', stationId: row.stationId ?? '' };
      break;
    case 'customerGroup':
      scope = { kind: 'customerGroup', customerGroup: row.customerGroup ?? '' };
      break;
    case 'default':
      scope = { kind: 'default' };
      break;
  }
  return { id: row.id, tariffId: row.tariffId, scope, validFrom: row.validFrom, validTo: row.validTo };
}
