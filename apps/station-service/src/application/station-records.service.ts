import type { DataSource } from 'typeorm';
import type { InboundCallContext } from '@voltlane/service-kit';
import { DataTransferRequestEntity } from '../persistence/data-transfer-request.entity';
import { DiagnosticsStatusHistoryEntity } from '../persistence/diagnostics-status-history.entity';
import { FirmwareStatusHistoryEntity } from '../persistence/firmware-status-history.entity';
import { LogStatusHistoryEntity } from '../persistence/log-status-history.entity';
import { SecurityEventEntity } from '../persistence/security-event.entity';
import { StationEntity } from '../persistence/station.entity';
import { ensureStation, insertIgnore } from '../persistence/insert-ignore';

type Payload = Record<string, unknown>;

/** Stores what stations report about firmware, diagnostics, logs, security and certificates. */
export class StationRecordsService {
  constructor(private readonly dataSource: DataSource) {}

  async firmwareStatus(
    context: InboundCallContext,
    kind: FirmwareStatusHistoryEntity['kind'],
    status: string,
    requestId: number | undefined,
    payload: Payload,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const fresh = await insertIgnore(m, FirmwareStatusHistoryEntity, {
        ...this.origin(context),
        kind,
        status,
        requestId: requestId ?? null,
        payload,
      });
      // A Local Controller's publish status is not the station's own firmware status.
      if (fresh && kind !== 'PublishFirmware') await this.setOnStation(context.stationId, { firmwareStatus: status }, m);
    });
  }

  async diagnosticsStatus(context: InboundCallContext, status: string, payload: Payload): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (await insertIgnore(m, DiagnosticsStatusHistoryEntity, { ...this.origin(context), status, payload })) {
        await this.setOnStation(context.stationId, { diagnosticsStatus: status }, m);
      }
    });
  }

  async logStatus(context: InboundCallContext, status: string, requestId: number | undefined, payload: Payload): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (await insertIgnore(m, LogStatusHistoryEntity, { ...this.origin(context), status, requestId: requestId ?? null, payload })) {
        await this.setOnStation(context.stationId, { logStatus: status }, m);
      }
    });
  }

  async securityEvent(
    context: InboundCallContext,
    type: string,
    timestamp: string,
    techInfo: string | undefined,
    payload: Payload,
  ): Promise<void> {
    await insertIgnore(this.dataSource.manager, SecurityEventEntity, {
      ...this.origin(context),
      type,
      eventAt: new Date(timestamp),
      techInfo: techInfo ?? null,
      payload,
    });
  }

  async dataTransfer(
    context: InboundCallContext,
    vendorId: string,
    dataMessageId: string | undefined,
    status: string,
    payload: Payload,
  ): Promise<void> {
    await insertIgnore(this.dataSource.manager, DataTransferRequestEntity, {
      ...this.origin(context),
      vendorId,
      dataMessageId: dataMessageId ?? null,
      status,
      payload,
    });
  }

  private origin(context: InboundCallContext): { stationId: string; receivedAt: Date; connectionId: string; messageId: string } {
    return {
      stationId: context.stationId,
      receivedAt: context.receivedAt,
      connectionId: context.connectionId,
      messageId: context.messageId,
    };
  }

  private async setOnStation(
    stationId: string,
    values: Partial<Pick<StationEntity, 'firmwareStatus' | 'diagnosticsStatus' | 'logStatus'>>,
    m = this.dataSource.manager,
  ): Promise<void> {
    await ensureStation(m, stationId);
    await m.getRepository(StationEntity).update({ id: stationId }, { ...values, updatedAt: new Date() });
  }
}
