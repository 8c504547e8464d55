import type { DataSource } from 'typeorm';
import { decimal, decimalText, type Tariff, type TariffAssignment, type TariffScope } from '@voltlane/billing-domain';
import { TariffAssignmentEntity } from './tariff-assignment.entity';
import { TariffEntity } from './tariff.entity';

/** Tariff versions and assignments: I/O only, rules live in the TariffService and the domain. */
export class TariffRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Assignments valid at `at` that could match the session, and every version of their tariffs. */
  async candidates(
    at: Date,
    stationId: string,
    customerGroup: string | null,
  ): Promise<{ assignments: TariffAssignment[]; tariffs: Tariff[] }> {
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
    const tariffs =
      ids.length === 0
        ? []
        : await this.dataSource.getRepository(TariffEntity).createQueryBuilder('t').where('t.id IN (:...ids)', { ids }).getMany();
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

  /** A page of tariffs (their latest versions), ordered by name; `nameContains` is plain text. */
  async listLatest(
    filter: { nameContains?: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: Tariff[]; total: number }> {
    const params: unknown[] = [];
    let where = '';
    if (filter.nameContains !== undefined) {
      params.push(`%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where = `WHERE t.name ILIKE $${params.length}`;
    }
    const latest = `SELECT DISTINCT ON (id) id, version, name FROM tariffs ORDER BY id, version DESC`;
    const counted: { count: string }[] = await this.dataSource.query(`SELECT count(*) AS count FROM (${latest}) t ${where}`, params);
    const keys: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT t.id, t.version FROM (${latest}) t ${where} ORDER BY t.name, t.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    const rows =
      keys.length === 0
        ? []
        : await this.dataSource.getRepository(TariffEntity).find({ where: keys.map((k) => ({ id: k.id, version: k.version })) });
    const byId = new Map(rows.map((row) => [row.id, toTariff(row)]));
    const items = keys.flatMap((k) => byId.get(k.id) ?? []);
    return { items, total: Number(counted[0]?.count ?? 0) };
  }

  async versions(id: string): Promise<Tariff[]> {
    const rows = await this.dataSource.getRepository(TariffEntity).find({ where: { id }, order: { version: 'ASC' } });
    return rows.map(toTariff);
  }

  async assignmentsOf(tariffId: string): Promise<TariffAssignment[]> {
    const rows = await this.dataSource
      .getRepository(TariffAssignmentEntity)
      .find({ where: { tariffId }, order: { validFrom: 'ASC', id: 'ASC' } });
    return rows.map(toAssignment);
  }

  async findAssignment(id: string): Promise<TariffAssignment | null> {
    const row = await this.dataSource.getRepository(TariffAssignmentEntity).findOneBy({ id });
    return row ? toAssignment(row) : null;
  }

  /** Ends an assignment at `at` (exclusive); one that would not have started by then is removed. */
  async endAssignment(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM tariff_assignments WHERE id = $1 AND valid_from >= $2`, [id, at]);
    await this.dataSource.query(`UPDATE tariff_assignments SET valid_to = $2 WHERE id = $1 AND (valid_to IS NULL OR valid_to > $2)`, [
      id,
      at,
    ]);
  }

  /** Default assignments still in force at or after `at`, of any tariff but `exceptTariffId`. */
  async countOtherDefaults(exceptTariffId: string, at: Date): Promise<number> {
    const rows: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM tariff_assignments WHERE scope = 'default' AND tariff_id <> $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)`,
      [exceptTariffId, at],
    );
    return Number(rows[0]?.count ?? 0);
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
