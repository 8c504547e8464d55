import type { DataSource } from 'typeorm';
import type { OcppVersion } from '@voltlane/ocpp';
import { ChargingReportEntity } from './charging-report.entity';

export interface ChargingReport {
  stationId: string;
  protocol: OcppVersion;
  action: string;
  messageId: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

export class ChargingReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a report once per (station, action, message id). */
  async store(report: ChargingReport): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(ChargingReportEntity).values(report).orIgnore().execute();
  }

  async list(stationId: string, action?: string): Promise<ChargingReport[]> {
    const rows = await this.dataSource.manager.find(ChargingReportEntity, {
      where: { stationId, ...(action ? { action } : {}) },
      order: { id: 'ASC' },
    });
    return rows.map(({ id: _id, payload, ...report }) => ({ ...report, payload: payload as Record<string, unknown> }));
  }
}
