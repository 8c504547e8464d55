import type { DataSource, EntityManager } from 'typeorm';
import type { InboundCallContext } from '@voltlane/service-kit';
import { addReportPart, deviceVariableKey } from '../domain/report-assembly';
import { DeviceReportPartEntity } from '../persistence/device-report-part.entity';
import { DeviceReportEntity, type DeviceReportKind } from '../persistence/device-report.entity';
import { DeviceVariableEntity } from '../persistence/device-variable.entity';
import { isLimitVariable, type StationLimitsService } from './station-limits.service';

export interface ReportPartInput {
  kind: DeviceReportKind;
  requestId: number;
  seqNo: number;
  tbc?: boolean;
  generatedAt: string;
  payload: Record<string, unknown>;
}

/** One entry of a 2.x NotifyReport `reportData`. */
export interface ReportDataInput {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  variableAttribute: Record<string, unknown>[];
  variableCharacteristics?: Record<string, unknown>;
}

/** Assembles multi-part 2.x reports (keyed by requestId) and keeps the reported device model. */
export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    /** Republishes the station's message limits when a part reports one (ADR 0017). */
    private readonly limits?: StationLimitsService,
  ) {}

  /** Stores a part; resolves true when the report is complete with it. */
  async addPart(context: InboundCallContext, part: ReportPartInput, reportData: readonly ReportDataInput[] = []): Promise<boolean> {
    const complete = await this.storePart(context, part, reportData);
    if (this.limits && reportData.some(isLimitVariable)) await this.limits.refresh(context.stationId);
    return complete;
  }

  private async storePart(context: InboundCallContext, part: ReportPartInput, reportData: readonly ReportDataInput[]): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const now = new Date();
      await m
        .createQueryBuilder()
        .insert()
        .into(DeviceReportPartEntity)
        .values({
          stationId: context.stationId,
          kind: part.kind,
          requestId: part.requestId,
          seqNo: part.seqNo,
          tbc: part.tbc === true,
          payload: part.payload,
          receivedAt: context.receivedAt,
        })
        .orUpdate(['tbc', 'payload', 'received_at'], ['station_id', 'kind', 'request_id', 'seq_no'])
        .execute();
      const key = { stationId: context.stationId, kind: part.kind, requestId: part.requestId };
      await m
        .createQueryBuilder()
        .insert()
        .into(DeviceReportEntity)
        .values({ ...key, seqNos: [], lastSeqNo: null, complete: false, generatedAt: new Date(part.generatedAt), updatedAt: now })
        .orIgnore()
        .execute();
      const repo = m.getRepository(DeviceReportEntity);
      const report = await repo.findOneOrFail({ where: key, lock: { mode: 'pessimistic_write' } });
      const { progress, complete } = addReportPart({ seqNos: report.seqNos, lastSeqNo: report.lastSeqNo }, part);
      await repo.update(
        { id: report.id },
        {
          seqNos: progress.seqNos,
          lastSeqNo: progress.lastSeqNo,
          complete,
          completedAt: complete ? (report.completedAt ?? now) : null,
          updatedAt: now,
        },
      );
      if (reportData.length > 0) await this.storeDeviceModel(m, context.stationId, part.requestId, reportData, now);
      return complete;
    });
  }

  /** For parts without a seqNo (NotifyDisplayMessages): the next one by arrival. */
  async nextSeqNo(stationId: string, kind: DeviceReportKind, requestId: number): Promise<number> {
    return this.dataSource.getRepository(DeviceReportPartEntity).count({ where: { stationId, kind, requestId } });
  }

  private async storeDeviceModel(
    m: EntityManager,
    stationId: string,
    requestId: number,
    data: readonly ReportDataInput[],
    now: Date,
  ): Promise<void> {
    // One statement per part; the last report of a variable wins within a part.
    const rows = new Map<string, Partial<DeviceVariableEntity>>();
    for (const entry of data) {
      const key = deviceVariableKey(entry);
      rows.set(JSON.stringify(key), {
        stationId,
        ...key,
        attributes: entry.variableAttribute,
        characteristics: entry.variableCharacteristics ?? null,
        requestId,
        updatedAt: now,
      });
    }
    await m
      .createQueryBuilder()
      .insert()
      .into(DeviceVariableEntity)
      .values([...rows.values()])
      .orUpdate(
        ['attributes', 'characteristics', 'request_id', 'updated_at'],
        ['station_id', 'component_name', 'component_instance', 'evse_id', 'connector_id', 'variable_name', 'variable_instance'],
      )
      .execute();
  }
}
