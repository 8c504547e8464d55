import type { DataSource } from 'typeorm';
import { FirmwareStatusHistoryEntity } from '../../persistence/firmware-status-history.entity';
import { StationCommandRecordEntity } from '../../persistence/station-command-record.entity';
import { FINAL_FIRMWARE_STATUSES } from '../../domain/upload-slot-rules';

export interface StationFirmwareStatus {
  stationId: string;
  /** The latest firmware status the station reported (null: none yet). */
  status: string | null;
  /** Whether the latest update flow has ended (Installed, InstallationFailed, DownloadFailed, …). */
  finished: boolean;
  /** The latest UpdateFirmware / SignedUpdateFirmware sent, with what the station answered. */
  request: {
    action: string;
    requestId: number | null;
    location: string | null;
    firmwareId: string | null;
    status: string | null;
    sentAt: Date;
  } | null;
  /** The statuses reported since that request (all of them when there was none), oldest first. */
  flow: { status: string; requestId: number | null; receivedAt: Date }[];
}

const FIRMWARE_URL = /\/files\/firmware\/([0-9a-f-]{36})\//i;

/** A station's current firmware status and the flow of its latest update, from the FirmwareStatusNotification history. */
export async function stationFirmwareStatus(dataSource: DataSource, stationId: string): Promise<StationFirmwareStatus> {
  const record = await dataSource.getRepository(StationCommandRecordEntity).findOne({
    where: [
      { stationId, action: 'UpdateFirmware' },
      { stationId, action: 'SignedUpdateFirmware' },
    ],
    order: { sentAt: 'DESC', id: 'DESC' },
  });
  const qb = dataSource
    .getRepository(FirmwareStatusHistoryEntity)
    .createQueryBuilder('n')
    .where('n.station_id = :stationId', { stationId })
    .andWhere('n.kind IN (:...kinds)', { kinds: ['Firmware', 'SignedFirmware'] });
  if (record) qb.andWhere('n.received_at >= :sentAt', { sentAt: record.sentAt });
  const notifications = await qb.orderBy('n.received_at', 'ASC').addOrderBy('n.id', 'ASC').getMany();
  // 2.x notifications name their request: keep those of the latest request (and those without an id).
  const flow = notifications.filter((n) => record?.requestId == null || n.requestId == null || n.requestId === record.requestId);
  const status = flow.at(-1)?.status ?? null;
  const request = record?.request as { location?: unknown; firmware?: { location?: unknown } } | undefined;
  const location =
    typeof request?.location === 'string'
      ? request.location
      : typeof request?.firmware?.location === 'string'
        ? request.firmware.location
        : null;
  return {
    stationId,
    status,
    finished: status !== null && FINAL_FIRMWARE_STATUSES.has(status),
    request: record
      ? {
          action: record.action,
          requestId: record.requestId,
          location,
          firmwareId: location?.match(FIRMWARE_URL)?.[1] ?? null,
          status: record.status,
          sentAt: record.sentAt,
        }
      : null,
    flow: flow.map((n) => ({ status: n.status, requestId: n.requestId, receivedAt: n.receivedAt })),
  };
}
